/**
 * `training.enabled: false` (book, policy management "Simulation-Only Mode"): the policy
 * at `<output>/<policy.path>` is loaded, checked against the case and simulated without
 * training — giving exactly the costs the combined run's simulation gave.
 */
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Case, Config } from "@cobre/core";
import { loadCase } from "@cobre/io";
import { runStudy } from "@cobre/sddp";
import { examplePath } from "@cobre/test-support";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const tiny = examplePath("hydro-tiny");
const cascade = examplePath("cascade-par");

const dirs: string[] = [];
async function tmp(): Promise<string> {
  const d = await mkdtemp(path.join(tmpdir(), "cobre-simonly-"));
  dirs.push(d);
  return d;
}
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

async function load(dir: string): Promise<Case> {
  const loaded = await loadCase(dir);
  if (!loaded.ok) throw new Error(loaded.error.message);
  return loaded.value;
}

function configured(c: Case, patch: (cfg: Config) => Config = (x) => x): Case {
  const cfg = c.config;
  return {
    ...c,
    config: patch({
      ...cfg,
      training: { ...cfg.training, stoppingRules: [{ type: "iteration_limit", limit: 5 }] },
      simulation: { ...cfg.simulation, enabled: true, numScenarios: 6 },
    }),
  };
}

const simulateOnly = (cfg: Config): Config => ({ ...cfg, training: { ...cfg.training, enabled: false } });

let base: Case;
let trainedOut: string;
let combinedCosts: number[];
beforeAll(async () => {
  base = configured(await load(tiny));
  trainedOut = await tmp();
  const combined = await runStudy(base, { outputDir: trainedOut });
  if (!combined.ok) throw new Error(combined.error.message);
  combinedCosts = Array.from(combined.value.simulation!.costs);
}, 120_000);

describe("simulation-only runs (training.enabled: false)", () => {
  it("simulate the saved policy with the combined run's costs, leaving its training files alone", async () => {
    const manifestBefore = await readFile(path.join(trainedOut, "training/_manifest.json"), "utf8");
    const r = await runStudy(configured(base, simulateOnly), { outputDir: trainedOut });
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.training).toBeNull();
    expect(r.value.loadedPolicy?.path).toBe(path.join(trainedOut, "policy"));
    expect(r.value.loadedPolicy?.completedIterations).toBe(5);
    expect(combinedCosts.every(Number.isFinite)).toBe(true);
    expect(Array.from(r.value.simulation!.costs)).toEqual(combinedCosts);
    expect(await readFile(path.join(trainedOut, "training/_manifest.json"), "utf8")).toBe(manifestBefore);
    const sim = JSON.parse(await readFile(path.join(trainedOut, "simulation/_manifest.json"), "utf8"));
    expect(sim.status).toBe("complete");
    expect(sim.scenarios.completed).toBe(6);
  });

  it("resolve a relative policy.path against the output directory, not the case directory", async () => {
    const out = await tmp();
    const relative = path.relative(out, path.join(trainedOut, "policy"));
    const c = configured(base, (cfg) => simulateOnly({ ...cfg, policy: { ...cfg.policy, path: relative } }));
    const r = await runStudy(c, { outputDir: out });
    if (!r.ok) throw new Error(r.error.message);
    expect(Array.from(r.value.simulation!.costs)).toEqual(combinedCosts);
  });

  it("refuse a policy trained on another system with PolicyIncompatible (system hash)", async () => {
    // Same stages and state, a different thermal cost: only the system hash tells.
    const changed: Case = {
      ...base,
      system: {
        ...base.system,
        thermals: base.system.thermals.map((t, i) => (i === 0 ? { ...t, costPerMwh: t.costPerMwh + 1 } : t)),
      },
    };
    const r = await runStudy(configured(changed, simulateOnly), { outputDir: await copyOfPolicy() });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.kind).toBe("PolicyIncompatible");
    expect(r.error.source).toBe("options");
    expect(r.error.context.check).toBe("system hash");
    expect(r.error.message).toMatch(/^policy incompatible: system hash mismatch — policy has sha256:/);
  });

  it("with validate_compatibility false the same policy is simulated on the changed system", async () => {
    const changed: Case = {
      ...base,
      system: {
        ...base.system,
        thermals: base.system.thermals.map((t, i) => (i === 0 ? { ...t, costPerMwh: t.costPerMwh + 1 } : t)),
      },
    };
    const c = configured(changed, (cfg) =>
      simulateOnly({ ...cfg, policy: { ...cfg.policy, validateCompatibility: false } }),
    );
    const r = await runStudy(c, { outputDir: await copyOfPolicy() });
    if (!r.ok) throw new Error(r.error.message);
    const costs = Array.from(r.value.simulation!.costs);
    expect(costs.every(Number.isFinite)).toBe(true);
    // A dearer thermal unit cannot make any scenario cheaper under the same policy.
    for (const [m, v] of costs.entries()) expect(v).toBeGreaterThanOrEqual(combinedCosts[m]! - 1e-6 * Math.abs(v));
    expect(costs.some((v, m) => v > combinedCosts[m]! + 1e-6 * Math.abs(v))).toBe(true);
  });

  it("refuse a policy of a different study shape (stage count or state dimension)", async () => {
    const other = configured(await load(cascade), (cfg) => ({
      ...cfg,
      training: { ...cfg.training, stoppingRules: [{ type: "iteration_limit", limit: 1 }] },
      simulation: { ...cfg.simulation, enabled: false },
    }));
    const out = await tmp();
    const trained = await runStudy(other, { outputDir: out });
    if (!trained.ok) throw new Error(trained.error.message);
    const r = await runStudy(configured(base, simulateOnly), { outputDir: out });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.kind).toBe("PolicyIncompatible");
    const sameStages = other.system.stages.length === base.system.stages.length;
    expect(r.error.context.check).toBe(sameStages ? "state dimension" : "stage count");
  });

  it("fail with MissingFile when there is no policy to simulate", async () => {
    const r = await runStudy(configured(base, simulateOnly), { outputDir: await tmp() });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.kind).toBe("MissingFile");
      expect(r.error.source).toBe("policy");
    }
  });
});

/** A fresh output directory holding a copy of the trained policy (runs write into their output). */
async function copyOfPolicy(): Promise<string> {
  const { cp } = await import("node:fs/promises");
  const out = await tmp();
  await cp(path.join(trainedOut, "policy"), path.join(out, "policy"), { recursive: true });
  return out;
}
