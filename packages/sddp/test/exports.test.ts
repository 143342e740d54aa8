/** config.json `exports`: which artifacts a run writes (Cobre book, configuration "exports"). */
import { access, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Case, ExportsConfig } from "@cobre/core";
import { loadCase, readPolicy } from "@cobre/io";
import { runStudy } from "@cobre/sddp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const here = path.dirname(fileURLToPath(import.meta.url));
const tiny = path.resolve(here, "../../../examples/hydro-tiny");

let base: Case;
const dirs: string[] = [];
beforeAll(async () => {
  const loaded = await loadCase(tiny);
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.error.errors));
  base = loaded.value;
});
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

async function exists(p: string): Promise<boolean> {
  return access(p).then(
    () => true,
    () => false,
  );
}

async function run(exports: Partial<ExportsConfig>, iterations = 3) {
  const c: Case = {
    ...base,
    config: {
      ...base.config,
      exports: { ...base.config.exports, ...exports },
      training: { ...base.config.training, stoppingRules: [{ type: "iteration_limit", limit: iterations }] },
      simulation: { ...base.config.simulation, enabled: true, numScenarios: 4 },
    },
  };
  const out = await mkdtemp(path.join(tmpdir(), "cobre-exports-"));
  dirs.push(out);
  const r = await runStudy(c, { outputDir: out });
  if (!r.ok) throw new Error(r.error.message);
  return { out, summary: r.value, c };
}

describe("exports", () => {
  it("training, cuts and simulation off: only the manifest and metadata, yet the costs are reported", async () => {
    const { out, summary } = await run({ training: false, cuts: false, simulation: false });
    expect(await exists(path.join(out, "training", "_manifest.json"))).toBe(true);
    expect(await exists(path.join(out, "training", "metadata.json"))).toBe(true);
    expect(await exists(path.join(out, "training", "convergence.parquet"))).toBe(false);
    expect(await exists(path.join(out, "policy"))).toBe(false);
    expect(await exists(path.join(out, "simulation"))).toBe(false);
    expect(summary.simulation?.scenarios).toBe(4);
    expect(Number.isFinite(summary.simulation?.meanCost)).toBe(true);
  });

  it("defaults write convergence, the policy cuts and the simulation, but no states", async () => {
    const { out } = await run({});
    expect(await exists(path.join(out, "training", "convergence.parquet"))).toBe(true);
    expect(await exists(path.join(out, "policy", "cuts", "stage_000.bin"))).toBe(true);
    expect(await exists(path.join(out, "policy", "states"))).toBe(false);
    expect(await exists(path.join(out, "simulation", "_manifest.json"))).toBe(true);
  });

  it("states on: every forward pass's trial point of every iteration, per stage", async () => {
    const { out, c } = await run({ states: true }, 3);
    const policy = await readPolicy(path.join(out, "policy"));
    if (!policy.ok) throw new Error(policy.error.message);
    const T = c.system.stages.length;
    expect(policy.value.states).toHaveLength(T);
    const perStage = 3 * c.config.training.forwardPasses;
    for (const s of policy.value.states) expect(s.data.length / s.stateDimension).toBe(perStage);
    expect(policy.value.metadata.totalVisitedStates).toBe(T * perStage);
    // The first stage's trial points start from the initial storage and end within bounds.
    const hydro = c.system.hydros[0]!;
    const first = policy.value.states[0]!;
    for (let k = 0; k < perStage; k++) {
      const v = first.data[k * first.stateDimension]!;
      expect(v).toBeGreaterThanOrEqual(hydro.minStorageHm3 - 1e-6);
      expect(v).toBeLessThanOrEqual(hydro.maxStorageHm3 + 1e-6);
    }
  });
});
