/**
 * policy.boundary: the cuts of another policy's stage as this study's terminal future
 * cost. Cutting a converged deterministic study (d19: 3 stages, 2 hydros, PAR lags) after
 * its second stage and closing it with the full study's stage-1 cuts must give the same
 * optimum — the coupling of a short study to a long one's water values.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Case } from "@cobre/core";
import { loadCase } from "@cobre/io";
import { runStudy, simulate, train } from "@cobre/sddp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const here = path.dirname(fileURLToPath(import.meta.url));
const d19 = path.resolve(here, "../../../../shared/cobre-reference/examples/deterministic/d19-multi-hydro-par");
const OPTIMUM = 1332571.7968919526;

let full: Case;
let out: string;
beforeAll(async () => {
  const loaded = await loadCase(d19);
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.error.errors));
  full = {
    ...loaded.value,
    config: { ...loaded.value.config, simulation: { ...loaded.value.config.simulation, enabled: false } },
  };
  out = await mkdtemp(path.join(tmpdir(), "cobre-boundary-"));
  const run = await runStudy(full, { outputDir: out });
  if (!run.ok) throw new Error(run.error.message);
});
afterAll(async () => {
  await rm(out, { recursive: true, force: true });
});

function truncated(sourceStage: number, boundaryPath: string): Case {
  const stages = full.system.stages.slice(0, sourceStage + 1);
  return {
    ...full,
    system: { ...full.system, stages },
    config: {
      ...full.config,
      policy: { ...full.config.policy, boundary: { path: boundaryPath, sourceStage } },
    },
  };
}

describe("terminal boundary cuts", () => {
  it("a two-stage study closed by the full study's stage-1 cuts reaches the full optimum", async () => {
    const short = truncated(1, path.join(out, "policy"));
    const trained = await train(short);
    if (!trained.ok) throw new Error(trained.error.message);
    expect(Math.abs(trained.value.finalLowerBound - OPTIMUM)).toBeLessThanOrEqual(1.0);
    // The boundary cuts sit in the last stage's pool, fixed.
    expect(trained.value.pools[1]!.size).toBeGreaterThan(0);
    // The simulated cost counts the terminal future cost too, so it matches the bound.
    const sim = await simulate(short, trained.value, { numScenarios: 1 });
    if (!sim.ok) throw new Error(sim.error.message);
    expect(Math.abs(sim.value.meanCost - OPTIMUM)).toBeLessThanOrEqual(1.0);
    // Without the boundary the same two stages see no future and are much cheaper.
    const open = await train({
      ...short,
      config: { ...short.config, policy: { ...short.config.policy, boundary: null } },
    });
    if (!open.ok) throw new Error(open.error.message);
    expect(open.value.finalLowerBound).toBeLessThan(OPTIMUM - 1000);
  });

  it("runStudy resolves a relative boundary path against the output directory, as Cobre does", async () => {
    // The short study writes into <out>/short; "../policy" is then the full study's policy.
    const short = truncated(1, "../policy");
    const r = await runStudy(short, { outputDir: path.join(out, "short") });
    if (!r.ok) throw new Error(r.error.message);
    expect(Math.abs(r.value.training!.finalLowerBound - OPTIMUM)).toBeLessThanOrEqual(1.0);
  });

  it("reports a clear error for a missing policy, a stage out of range or another state dimension", async () => {
    const missing = await train(truncated(1, path.join(out, "nowhere")));
    expect(missing.ok ? "ok" : missing.error.kind).toBe("InvalidOptions");
    const range = await train({
      ...truncated(1, path.join(out, "policy")),
      config: {
        ...full.config,
        policy: { ...full.config.policy, boundary: { path: path.join(out, "policy"), sourceStage: 7 } },
      },
    });
    expect(range.ok ? "ok" : range.error.message).toContain("source_stage 7");
    const oneHydro = truncated(1, path.join(out, "policy"));
    const fewer: Case = { ...oneHydro, system: { ...oneHydro.system, hydros: oneHydro.system.hydros.slice(0, 1) } };
    const dims = await train(fewer);
    expect(dims.ok ? "ok" : dims.error.message).toContain("state dimension");
  });
});
