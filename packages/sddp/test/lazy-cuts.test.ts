/**
 * Lazy cut rows (src/lp/lazy-cuts.ts): a stage LP holds only the cuts a solve needs, and
 * its optimum is still the optimum of the LP with every active cut. Checked on 4ree's
 * stage LPs after 20 iterations (80 cuts per stage, 4 reservoirs with PAR lags), against
 * LPs that hold every cut, at trial states spread over the reservoirs' ranges.
 */
import { CutPool } from "@cobre/sddp";
import { loadSolver } from "@cobre/solver";
import { describe, expect, it } from "vitest";
import { ViolatedCuts } from "../src/lp/lazy-cuts";
import { StageSolvers } from "../src/lp/stage-solvers";
import { trainedStudy } from "./fixtures/trained-study";

describe("the most violated cuts", () => {
  // θ ≥ 10 − x, θ ≥ x, θ ≥ 1, θ ≥ 5 − x/2 (inactive), θ ≥ 7, θ ≥ 6, θ ≥ 7 — judged at x = 2, θ = 3.
  const pool = new CutPool(1);
  pool.add(10, [-1], 1, 0);
  pool.add(0, [1], 1, 0);
  pool.add(1, [0], 1, 0);
  pool.add(5, [-0.5], 1, 0, false);
  pool.add(7, [0], 1, 0);
  pool.add(6, [0], 1, 0);
  pool.add(7, [0], 1, 0);

  it("are the active cuts left out that the point violates, most violated first, ties to the lower index", () => {
    const found = new ViolatedCuts(2);
    expect(found.find(pool, new Uint8Array(7), [2], 3)).toBe(2);
    // Shortfalls: cut 0 by 5, cuts 4 and 6 by 4, cut 5 by 3; cuts 1 and 2 hold; cut 3 is inactive.
    expect(Array.from(found.picked.subarray(0, 2))).toEqual([0, 4]);
    const all = new ViolatedCuts(8);
    expect(all.find(pool, new Uint8Array(7), [2], 3)).toBe(4);
    expect(Array.from(all.picked.subarray(0, 4))).toEqual([0, 4, 6, 5]);
  });

  it("skip the cuts that are rows already, and a point that satisfies every cut finds none", () => {
    const found = new ViolatedCuts(8);
    expect(found.find(pool, Uint8Array.from([1, 0, 0, 0, 1, 1, 1]), [2], 3)).toBe(0);
    expect(found.find(pool, new Uint8Array(7), [2], 8)).toBe(0);
    // Short by less than a billionth of the magnitudes: not violated.
    expect(found.find(pool, new Uint8Array(7), [2], 8 - 1e-12)).toBe(0);
  });
});

describe("stage LPs with lazy cut rows (4ree)", () => {
  it("reach the optimum of the LP with every cut, holding a fraction of the cuts as rows", async () => {
    const { c, study, pools } = await trainedStudy("4ree", 20);
    const { templates, inputs, initialState } = study;
    const backend = await loadSolver();
    const method = c.config.modeling.inflowNonNegativity.method;
    // Units start with the 16 newest cuts (the default, 240, would hold all 80 here).
    const lazy = new StageSolvers(backend, templates, inputs, pools, method, { lazyPreloadCuts: 16 });
    const every = new StageSolvers(backend, templates, inputs, pools, method, { lazyCuts: false });
    let lazyRows = 0;
    let everyRows = 0;
    let solves = 0;
    for (let t = 0; t < templates.length - 1; t++) {
      const dim = templates[t]!.layout.stateDim;
      for (const fill of [0.1, 0.5, 0.9]) {
        // Storages at a share of the initial storage; lags as given.
        const x = Float64Array.from(initialState.subarray(0, dim));
        for (let s = 0; s < 4; s++) x[s] = x[s]! * fill * 2;
        for (let j = 0; j < inputs.numOpenings[t]!; j += 3) {
          const noise = inputs.openings[t]!.subarray(j * inputs.noiseDim, (j + 1) * inputs.noiseDim);
          const site = { phase: "backward", iteration: 0, scenario: 0, opening: j } as const;
          lazy.resetBasis(t);
          lazy.solve(t, x, noise, site);
          every.resetBasis(t);
          every.solve(t, x, noise, site);
          expect(lazy.result.objective).toBeGreaterThan(0);
          expect(Math.abs(lazy.result.objective - every.result.objective)).toBeLessThanOrEqual(
            1e-8 * every.result.objective,
          );
          lazyRows += lazy.cutRowCount(t);
          everyRows += every.cutRowCount(t);
          solves++;
        }
      }
    }
    expect(solves).toBe(11 * 3 * 4);
    // Every stage but the last has 80 cuts; the lazy LPs, started cold at states far from
    // the trained trajectories, end with the 16 newest cuts plus the violated ones.
    expect(everyRows).toBe(solves * 80);
    expect(lazyRows).toBeGreaterThanOrEqual(solves * 16);
    expect(lazyRows).toBeLessThan(everyRows / 2);
    // Some solves needed rounds: the left-out cuts were checked and added.
    expect(lazy.lazyResolves).toBeGreaterThan(0);
    lazy.dispose();
    every.dispose();
  }, 120_000);
});
