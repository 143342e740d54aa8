import { isSolverError } from "@cobre/solver";
import { describe, expect, it } from "vitest";
import { trackedModels } from "./fixtures/tracked-models";
import { denseProblem, transportProblem, twoRowProblem } from "./fixtures/problems";

const INF = Number.POSITIVE_INFINITY;
const models = trackedModels();
const { track } = models;

/** x + y ≥ 5 with x, y ≤ 1: no feasible point. */
function infeasibleProblem() {
  return denseProblem({
    cost: [1, 1],
    colLower: [0, 0],
    colUpper: [1, 1],
    rows: [[1, 1]],
    rowLower: [5],
    rowUpper: [INF],
  });
}

/** min −x with x free above and no row limiting it. */
function unboundedProblem() {
  return denseProblem({
    cost: [-1, 0],
    colLower: [0, 0],
    colUpper: [INF, INF],
    rows: [[0, 1]],
    rowLower: [-INF],
    rowUpper: [1],
  });
}

describe("expected solve failures are returned as SolverError values", () => {
  it("an infeasible LP stops the retry ladder once confirmed and reports every attempt", () => {
    const model = track(models.backend.createModel(infeasibleProblem()));
    const outcome = model.solve({ stage: 3, iteration: 2, scenario: 1, opening: 4 });
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    const error = outcome.error;
    expect(isSolverError(error)).toBe(true);
    expect(error.kind).toBe("SolverFailure");
    expect(error.status).toBe("Infeasible");
    expect(error.context).toEqual({ stage: 3, iteration: 2, scenario: 1, opening: 4, attempts: 3 });
    expect(error.history.map(({ level, strategy, status }) => ({ level, strategy, status }))).toEqual([
      { level: null, strategy: "configured", status: "Infeasible" },
      { level: 0, strategy: "cold", status: "Infeasible" },
      { level: 1, strategy: "presolve", status: "Infeasible" },
    ]);
    expect(error.ending).toBe("confirmed");
    expect(error.message).toMatch(/Infeasible at stage 3, iteration 2, scenario 1, opening 4 after 3 attempt/);
    expect(error.suggestion).toMatch(/bounds/);
    expect(model.status).toBe("Infeasible");
    expect(model.objective).toBeNaN();
    expect(() => model.colValue).toThrow(/status Infeasible/);
  });

  it("an unbounded LP reports Unbounded", () => {
    const model = track(models.backend.createModel(unboundedProblem()));
    const outcome = model.solve();
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect(outcome.error.history[0]?.status).toBe("Unbounded");
    expect(outcome.error.ending).toBe("confirmed");
    expect(outcome.error.context).toEqual({ attempts: 3 });
  });

  it("with retry off a failure costs one attempt", () => {
    const model = track(models.backend.createModel(infeasibleProblem(), { retry: false }));
    const outcome = model.solve();
    expect(outcome.ok).toBe(false);
    if (!outcome.ok) {
      expect(outcome.error.context.attempts).toBe(1);
      expect(outcome.error.ending).toBe("retry-off");
    }
  });

  it("with presolve on, the ladder still ends with a definite status", () => {
    const model = track(models.backend.createModel(infeasibleProblem(), { presolve: true }));
    const outcome = model.solve();
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect(outcome.error.history.at(-1)?.status).toBe("Infeasible");
  });

  it("the model recovers once the data is fixed, with normal options restored", () => {
    const model = track(models.backend.createModel(twoRowProblem()));
    model.setColBound(0, 0, 0.1);
    model.setColBound(1, 0, 0.1);
    expect(model.solve().ok).toBe(false);
    model.setColBound(0, 0, 10);
    model.setColBound(1, 0, 10);
    const outcome = model.solve();
    expect(outcome.ok).toBe(true);
    if (outcome.ok) {
      expect(outcome.value.objective).toBeCloseTo(2.5, 9);
      expect(outcome.value.attempts).toBe(1);
    }
  });

  it("a time limit too short to finish reports TimeLimit when retry is off", () => {
    const model = track(models.backend.createModel(transportProblem(80, 80), { timeLimitSeconds: 1e-9, retry: false }));
    const outcome = model.solve();
    expect(outcome.ok).toBe(false);
    if (!outcome.ok) {
      expect(outcome.error.status).toBe("TimeLimit");
      expect(outcome.error.suggestion).toMatch(/timeLimitSeconds/);
    }
  });
});
