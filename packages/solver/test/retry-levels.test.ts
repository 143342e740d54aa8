import { type LpProblem, RETRY_LEVEL_COUNT, SolveStats } from "@cobre/solver";
import { describe, expect, it } from "vitest";
import { trackedModels } from "./fixtures/tracked-models";
import { badlyScaledProblem, denseProblem, transportProblem } from "./fixtures/problems";

const INF = Number.POSITIVE_INFINITY;
const models = trackedModels();
const { track } = models;

/** Largest row-bound violation of `x`, relative to the row's magnitude (Σ|a·x| and its bounds). */
function relativeRowViolation(p: LpProblem, x: Float64Array): number {
  const { start, index, value } = p.matrix;
  let worst = 0;
  for (let i = 0; i < p.numRows; i++) {
    let activity = 0;
    let scale = 1;
    for (let k = start[i]!; k < start[i + 1]!; k++) {
      activity += value[k]! * x[index[k]!]!;
      scale = Math.max(scale, Math.abs(value[k]! * x[index[k]!]!));
    }
    scale = Math.max(scale, Math.abs(p.rowLower[i]!), Math.abs(p.rowUpper[i]!));
    worst = Math.max(worst, (p.rowLower[i]! - activity) / scale, (activity - p.rowUpper[i]!) / scale);
  }
  return worst;
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let j = 0; j < a.length; j++) s += a[j]! * b[j]!;
  return s;
}

describe("the retry ladder solves LPs the first attempt cannot", () => {
  // Each LP spans 22 orders of magnitude; the dual simplex with normal options gives up
  // on it, and the ladder level that first succeeds is pinned (highs 1.15.3).
  it.each([
    { seed: 6, level: 2 }, // other simplex variant (primal, after presolve)
    { seed: 9, level: 3 }, // + relaxed feasibility tolerances
    { seed: 13, level: 4 }, // + interior point with crossover
    { seed: 28, level: 6 }, // primal simplex, presolve, scale strategy 4
    { seed: 46, level: 8 }, // presolve, objective scaled by 2^-10
  ])("badly scaled LP $seed is solved at retry level $level", ({ seed, level }) => {
    const problem = badlyScaledProblem(seed);
    const model = track(models.backend.createModel(problem));
    const stats = new SolveStats();
    const outcome = model.solve({ stage: 1 }, stats);
    expect(outcome.ok).toBe(true);
    if (!outcome.ok) return;
    expect(outcome.value.retryLevel).toBe(level);
    // The first attempt, then levels 0..level.
    expect(outcome.value.attempts).toBe(level + 2);
    // A genuine optimum of the original LP: rows hold, the objective is c·x.
    const x = model.colValue;
    expect(relativeRowViolation(problem, x)).toBeLessThan(1e-5);
    const cx = dot(problem.colCost, x);
    expect(Math.abs(outcome.value.objective - cx)).toBeLessThanOrEqual(1e-9 * Math.abs(cx));
    expect(stats.solves).toBe(1);
    expect(stats.successes).toBe(1);
    expect(stats.retried).toBe(1);
    expect(stats.failures).toBe(0);
    expect(stats.retryAttempts).toBe(level + 1);
    expect(stats.simplexIterations).toBe(outcome.value.iterations);
    expect(stats.solveTimeMs).toBeCloseTo(outcome.value.solveTimeMs, 9);
    expect(Array.from(stats.retryLevels)).toEqual(
      Array.from({ length: RETRY_LEVEL_COUNT }, (_, k) => (k === level ? 1 : 0)),
    );
  });

  it("a level-2 solve agrees with a model that uses level 2's options (presolve, primal) normally", () => {
    const problem = badlyScaledProblem(6);
    const laddered = track(models.backend.createModel(problem)).solve();
    const direct = track(
      models.backend.createModel(problem, { presolve: true, simplex: "primal", retry: false }),
    ).solve();
    expect(laddered.ok && direct.ok).toBe(true);
    if (laddered.ok && direct.ok) expect(laddered.value.objective).toBe(direct.value.objective);
  });

  it("counts add up over many solves: 30 badly scaled LPs, the histogram by level", () => {
    const total = new SolveStats();
    const perSolve = new SolveStats();
    for (let seed = 1; seed <= 30; seed++) {
      const model = track(models.backend.createModel(badlyScaledProblem(seed)));
      perSolve.reset();
      expect(model.solve(undefined, perSolve).ok).toBe(true);
      total.add(perSolve);
    }
    expect(total.solves).toBe(30);
    expect(total.successes).toBe(30);
    expect(total.failures).toBe(0);
    expect(total.retried).toBe(22);
    // Σ (level + 1) over the retried solves: 11 × 3 + 1 × 4 + 9 × 5 + 1 × 7.
    expect(total.retryAttempts).toBe(89);
    expect(Array.from(total.retryLevels)).toEqual([0, 0, 11, 1, 9, 0, 1, 0, 0, 0, 0, 0]);
    // Flat form round trip (how counters cross thread boundaries).
    const flat = new Float64Array(40);
    total.writeTo(flat, 3);
    const back = new SolveStats();
    back.addFrom(flat, 3);
    expect(back).toEqual(total);
  });

  it("an iteration limit the first attempt cannot meet is lifted by level 0, and restored after", () => {
    const problem = transportProblem(30, 30);
    const model = track(models.backend.createModel(problem, { iterationLimit: 5 }));
    const reference = track(models.backend.createModel(problem)).solve();
    expect(reference.ok).toBe(true);
    for (let round = 0; round < 2; round++) {
      model.resetBasis();
      const outcome = model.solve();
      expect(outcome.ok).toBe(true);
      if (!outcome.ok || !reference.ok) return;
      // Restored: the second cold solve again stops at 5 iterations and needs level 0.
      expect(outcome.value.retryLevel).toBe(0);
      expect(outcome.value.attempts).toBe(2);
      expect(outcome.value.objective).toBeCloseTo(reference.value.objective, 6);
    }
    // A warm re-solve needs no iterations, so the limit does not bite.
    const warm = model.solve();
    expect(warm.ok && warm.value.attempts).toBe(1);
  });

  it("a time limit the first attempt cannot meet is recovered at level 0", () => {
    const model = track(models.backend.createModel(transportProblem(40, 40), { timeLimitSeconds: 1e-9 }));
    const stats = new SolveStats();
    const outcome = model.solve(undefined, stats);
    expect(outcome.ok).toBe(true);
    if (outcome.ok) expect(outcome.value.retryLevel).toBe(0);
    expect(stats.retryLevels[0]).toBe(1);
  });

  it("a time limit does not accumulate over the solves of a long-lived model", () => {
    // HiGHS counts time_limit from its last clock reset, not per run: without a reset
    // before each solve, these cold solves would fail once their total passed 0.25 s.
    const model = track(models.backend.createModel(transportProblem(30, 30), { timeLimitSeconds: 0.25, retry: false }));
    let totalMs = 0;
    let solves = 0;
    while (totalMs < 750 && solves < 5000) {
      model.resetBasis();
      const outcome = model.solve();
      if (!outcome.ok) throw new Error(`solve ${solves} after ${totalMs} ms: ${outcome.error.message}`);
      totalMs += outcome.value.solveTimeMs;
      solves++;
    }
    expect(totalMs).toBeGreaterThan(750);
  });
});

describe("an exhausted or stopped ladder reports every status it saw", () => {
  it("an infeasible LP stops once a cold, presolved attempt confirms it", () => {
    const model = track(
      models.backend.createModel(
        denseProblem({
          cost: [1, 1],
          colLower: [0, 0],
          colUpper: [1, 1],
          rows: [[1, 1]],
          rowLower: [5],
          rowUpper: [INF],
        }),
      ),
    );
    const stats = new SolveStats();
    const outcome = model.solve({ stage: 2 }, stats);
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect(outcome.error.ending).toBe("confirmed");
    expect(outcome.error.history.map(({ level, strategy, status }) => ({ level, strategy, status }))).toEqual([
      { level: null, strategy: "configured", status: "Infeasible" },
      { level: 0, strategy: "cold", status: "Infeasible" },
      { level: 1, strategy: "presolve", status: "Infeasible" },
    ]);
    expect(outcome.error.message).toMatch(/L1 presolve: Infeasible/);
    expect(stats.failures).toBe(1);
    expect(stats.retryAttempts).toBe(2);
    expect(stats.retryLevels.every((c) => c === 0)).toBe(true);
  });

  it("an LP no level can finish within its budget walks all 12 levels", () => {
    const budget = { phase1Seconds: 1e-9, phase2Seconds: 1e-9 };
    const model = track(
      models.backend.createModel(transportProblem(40, 40), { timeLimitSeconds: 1e-9, retryBudget: budget }),
    );
    const outcome = model.solve();
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect(outcome.error.ending).toBe("exhausted");
    expect(outcome.error.history).toHaveLength(1 + RETRY_LEVEL_COUNT);
    expect(outcome.error.history.map((a) => a.level)).toEqual([null, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    expect(new Set(outcome.error.history.map((a) => a.status))).toEqual(new Set(["TimeLimit"]));
    expect(outcome.error.suggestion).toMatch(/ran out of time/);
  });

  it("the overall budget stops the ladder before its first level", () => {
    const model = track(
      models.backend.createModel(transportProblem(40, 40), {
        timeLimitSeconds: 1e-9,
        retryBudget: { totalSeconds: 1e-12 },
      }),
    );
    const outcome = model.solve();
    expect(outcome.ok).toBe(false);
    if (!outcome.ok) {
      expect(outcome.error.ending).toBe("budget");
      expect(outcome.error.history).toHaveLength(1);
    }
  });
});

describe("retryMaxAttempts and the overall budget limit the ladder (config.json training.solver)", () => {
  // badlyScaledProblem(6) needs level 2 (see above): three retry levels, 0, 1 and 2.
  const needsLevel2 = () => badlyScaledProblem(6);

  it("with 2 attempts it stops after levels 0 and 1 and reports max-attempts; with 3 it solves at level 2", () => {
    const capped = track(models.backend.createModel(needsLevel2(), { retryMaxAttempts: 2 }));
    const stats = new SolveStats();
    const failed = capped.solve({ stage: 0 }, stats);
    expect(failed.ok).toBe(false);
    if (failed.ok) return;
    expect(failed.error.ending).toBe("max-attempts");
    expect(failed.error.history.map((a) => a.level)).toEqual([null, 0, 1]);
    expect(failed.error.message).toMatch(/ladder max-attempts/);
    expect(stats.failures).toBe(1);
    expect(stats.retryAttempts).toBe(2);

    const enough = track(models.backend.createModel(needsLevel2(), { retryMaxAttempts: 3 }));
    const solved = enough.solve();
    expect(solved.ok).toBe(true);
    if (solved.ok) {
      expect(solved.value.retryLevel).toBe(2);
      expect(solved.value.attempts).toBe(4);
    }
  });

  it("0 attempts reports the first attempt's failure at once; more than 12 is the whole ladder", () => {
    const none = track(models.backend.createModel(needsLevel2(), { retryMaxAttempts: 0 }));
    const failed = none.solve();
    expect(failed.ok).toBe(false);
    if (!failed.ok) {
      expect(failed.error.ending).toBe("max-attempts");
      expect(failed.error.history).toHaveLength(1);
    }
    const many = track(models.backend.createModel(needsLevel2(), { retryMaxAttempts: 50 }));
    const solved = many.solve();
    expect(solved.ok && solved.value.retryLevel).toBe(2);
  });

  it("an overall budget of 0 lets no level start (ending budget); a positive one lets the ladder solve", () => {
    const spent = track(models.backend.createModel(needsLevel2(), { retryBudget: { totalSeconds: 0 } }));
    const failed = spent.solve();
    expect(failed.ok).toBe(false);
    if (!failed.ok) {
      expect(failed.error.ending).toBe("budget");
      expect(failed.error.history).toHaveLength(1);
    }
    const room = track(models.backend.createModel(needsLevel2(), { retryBudget: { totalSeconds: 30 } }));
    const solved = room.solve();
    expect(solved.ok && solved.value.retryLevel).toBe(2);
  });

  it("rejects a negative or fractional attempt count and a negative budget", () => {
    expect(() => models.backend.createModel(needsLevel2(), { retryMaxAttempts: -1 })).toThrow(/retryMaxAttempts/);
    expect(() => models.backend.createModel(needsLevel2(), { retryMaxAttempts: 1.5 })).toThrow(/retryMaxAttempts/);
    expect(() => models.backend.createModel(needsLevel2(), { retryBudget: { totalSeconds: -1 } })).toThrow(
      /totalSeconds/,
    );
    expect(() => models.backend.createModel(needsLevel2(), { retryBudget: { phase1Seconds: 0 } })).toThrow(
      /phase1Seconds/,
    );
  });
});
