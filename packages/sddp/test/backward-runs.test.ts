/**
 * Backward units: with few forward scenarios a trial point's openings are cut into runs,
 * each from the trial point's stored basis, so that threads can share a stage's work;
 * the cut must not depend on which thread solved which run.
 */
import type { Case } from "@cobre/core";
import { loadCase } from "@cobre/io";
import { Policy, train } from "@cobre/sddp";
import { describe, expect, it } from "vitest";
import { referencePath } from "@cobre/test-support";
import { openingRuns } from "../src/training/backward-pass";

const fourRee = referencePath("examples", "4ree");

describe("backward runs of openings", () => {
  it("are cut from the case alone: runs of at least 5 openings, and only below 8 forward scenarios", () => {
    // 4ree: 4 forward scenarios, 10 openings → 2 runs of 5 (8 units per stage).
    expect(openingRuns(10, 4)).toEqual({ runs: 2, length: 5 });
    // The national-size case: 20 scenarios of 20 openings → whole trial points.
    expect(openingRuns(20, 20)).toEqual({ runs: 1, length: 20 });
    expect(openingRuns(10, 8)).toEqual({ runs: 1, length: 10 });
    // One forward scenario: 8 units wanted, but no run shorter than 5 openings.
    expect(openingRuns(10, 1)).toEqual({ runs: 2, length: 5 });
    expect(openingRuns(40, 1)).toEqual({ runs: 8, length: 5 });
    expect(openingRuns(20, 2)).toEqual({ runs: 4, length: 5 });
    expect(openingRuns(5, 1)).toEqual({ runs: 1, length: 5 });
    expect(openingRuns(3, 2)).toEqual({ runs: 1, length: 5 });
  });

  it("give the same cuts, bounds and simplex iterations whether one thread or three solve them (4ree)", async () => {
    const loaded = await loadCase(fourRee);
    if (!loaded.ok) throw new Error(loaded.error.message);
    const c: Case = {
      ...loaded.value,
      config: {
        ...loaded.value.config,
        training: { ...loaded.value.config.training, stoppingRules: [{ type: "iteration_limit", limit: 8 }] },
      },
    };
    expect(c.config.training.forwardPasses).toBe(4);
    const runs = [];
    for (const numWorkers of [1, 3]) {
      const r = await train(c, { numWorkers });
      if (!r.ok) throw new Error(r.error.message);
      const policy = Policy.fromPools(r.value.pools);
      runs.push({
        bytes: r.value.pools.map((_, t) => {
          const b = policy.rawBytes(t);
          if (!b.ok) throw new Error(b.error.message);
          return Array.from(b.value);
        }),
        history: r.value.history.map((h) => [h.lowerBound, h.upperBoundMean, h.lpSolves, h.simplexIterations]),
      });
    }
    // 8 iterations × 11 backward stages × 4 trial points × 10 openings, plus forward and bound.
    expect(runs[0]!.history.reduce((a, h) => a + h[2]!, 0)).toBe(8 * (11 * 4 * 10 + 4 * 12 + 10));
    expect(runs[1]).toEqual(runs[0]);
  });
});
