import path from "node:path";
import { fileURLToPath } from "node:url";
import { loadCase } from "@cobre/io";
import type { SimulationScenarioResult } from "@cobre/io";
import { simulate, train } from "@cobre/sddp";
import { describe, expect, it } from "vitest";

const here = path.dirname(fileURLToPath(import.meta.url));
const examples = path.resolve(here, "../../../examples");
const deterministic = path.resolve(here, "../../../../shared/cobre-reference/examples/deterministic");

describe("simulation of a trained policy", () => {
  it("on a deterministic case costs exactly the optimum, and the cost rows add up to it", async () => {
    const loaded = await loadCase(path.join(deterministic, "d02-single-hydro"));
    if (!loaded.ok) throw new Error(loaded.error.message);
    const trained = await train(loaded.value);
    if (!trained.ok) throw new Error(trained.error.message);
    const results: SimulationScenarioResult[] = [];
    const sim = await simulate(loaded.value, trained.value, {
      numScenarios: 3,
      onScenario: (r) => void results.push(r),
    });
    if (!sim.ok) throw new Error(sim.error.message);
    expect(sim.value.meanCost).toBeCloseTo(23635000 / 9, 4);
    expect(results.map((r) => r.scenarioId)).toEqual([0, 1, 2]);
    const total = results[0]!.costs.totalCost.reduce((a, b) => a + b, 0);
    expect(total).toBeCloseTo(23635000 / 9, 4);
    // Water balance: v_final = v_initial + ζ(inflow − turbined − spillage), one block of 730 h.
    const h = results[0]!.hydros!;
    for (let i = 0; i < h.stageId.length; i++) {
      const zeta = 0.0036 * 730;
      const expected = h.storageInitialHm3[i]! + zeta * (h.inflowM3s[i]! - h.turbinedM3s[i]! - h.spillageM3s[i]!);
      expect(h.storageFinalHm3[i]!).toBeCloseTo(expected, 6);
    }
  });

  it("gives identical scenario costs with 1 and 2 workers", async () => {
    const loaded = await loadCase(path.join(examples, "hydro-tiny"));
    if (!loaded.ok) throw new Error(loaded.error.message);
    const trained = await train(loaded.value);
    if (!trained.ok) throw new Error(trained.error.message);
    const n = 40;
    const one = await simulate(loaded.value, trained.value, { numScenarios: n });
    const two = await simulate(loaded.value, trained.value, { numScenarios: n, numWorkers: 2 });
    if (!one.ok || !two.ok) throw new Error("simulation failed");
    expect(Array.from(two.value.costs)).toEqual(Array.from(one.value.costs));
    // Any policy's expected cost is at least the optimum, itself at least the trained lower
    // bound: the simulated mean may fall below the bound only by sampling error, here at
    // most 3 standard errors of the mean (std / √n; not the 95% half-width).
    const standardError = one.value.stdCost / Math.sqrt(n);
    expect(standardError).toBeGreaterThan(0);
    expect(one.value.meanCost).toBeGreaterThan(trained.value.finalLowerBound - 3 * standardError);
  });
});

describe("simulation cost rows", () => {
  it("hold one row per (stage, block) that adds up to the scenario's present-value cost", async () => {
    const loaded = await loadCase(path.join(examples, "hydro-tiny"));
    if (!loaded.ok) throw new Error(loaded.error.message);
    const trained = await train(loaded.value);
    if (!trained.ok) throw new Error(trained.error.message);
    const results: SimulationScenarioResult[] = [];
    const sim = await simulate(loaded.value, trained.value, {
      numScenarios: 4,
      onScenario: (r) => void results.push(r),
    });
    if (!sim.ok) throw new Error(sim.error.message);
    const blocks = loaded.value.system.stages.reduce((a, s) => a + s.blocks.length, 0);
    for (const r of results) {
      expect(r.costs.stageId.length).toBe(blocks);
      const total = r.costs.totalCost.reduce((a, b) => a + b, 0);
      expect(total).toBeCloseTo(sim.value.costs[r.scenarioId]!, 3);
      // Future cost sits on the last block of each stage only.
      expect(r.costs.futureCost[0]).toBe(0);
      expect(r.costs.futureCost[1]).toBeGreaterThan(0);
    }
  });
});
