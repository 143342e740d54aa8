/**
 * An LP that the retry ladder cannot solve is reported with the LP's coordinates, every
 * status the ladder saw and a hint that fits those statuses — also when it happens in a
 * worker thread, where a thrown error would lose its fields.
 */
import { type SolverBackend, type SolverError, loadSolver } from "@cobre/solver";
import { beforeAll, describe, expect, it } from "vitest";
import { toCobreError } from "../src/api/errors";
import { PANIC_SUGGESTION, SddpSolveError, WorkerFailure, solveHint, toSddpError } from "../src/errors";
import type { WorkerReply } from "../src/parallel/worker-messages";

const INF = Number.POSITIVE_INFINITY;
let backend: SolverBackend;
beforeAll(async () => {
  backend = await loadSolver();
});

/** A real SolverError: x + y ≥ 5 with x, y ≤ 1, solved as stage 3's LP. */
function infeasibleError(): SolverError {
  const model = backend.createModel({
    numCols: 2,
    numRows: 1,
    colCost: Float64Array.of(1, 1),
    colLower: Float64Array.of(0, 0),
    colUpper: Float64Array.of(1, 1),
    rowLower: Float64Array.of(5),
    rowUpper: Float64Array.of(INF),
    matrix: { format: "csr", start: Int32Array.of(0, 2), index: Int32Array.of(0, 1), value: Float64Array.of(1, 1) },
  });
  const outcome = model.solve({ stage: 3, iteration: 211, scenario: 2, opening: 7 });
  model.dispose();
  if (outcome.ok) throw new Error("expected a failure");
  return outcome.error;
}

/** A SolverError as the ladder leaves it when every level hit numerical trouble. */
function numericalError(): SolverError {
  const statuses = ["Unknown", "Unknown", "SolveError", "TimeLimit"] as const;
  return {
    kind: "SolverFailure",
    status: "TimeLimit",
    message: "LP solve failed",
    suggestion: "",
    context: { stage: 3, iteration: 211, scenario: 2, opening: 7, attempts: statuses.length },
    history: statuses.map((status, k) => ({
      level: k === 0 ? null : k - 1,
      strategy: k === 0 ? "configured" : "cold",
      status,
      seconds: 0.1,
    })),
    ending: "exhausted",
  };
}

describe("solve failures", () => {
  it("an infeasible backward LP names stage, iteration, trial point and opening, and points at the data", () => {
    const e = toSddpError(
      new SddpSolveError(infeasibleError(), { phase: "backward", iteration: 211, scenario: 2, opening: 7 }),
    );
    expect(e.kind).toBe("SolverFailure");
    expect(e.message).toMatch(/^backward LP of stage 3 \(iteration 211, trial point 2, opening 7\) not optimal/);
    expect(e.context).toMatchObject({
      stage: 3,
      iteration: 211,
      scenario: 2,
      opening: 7,
      phase: "backward",
      status: "Infeasible",
      ending: "confirmed",
      attempts: 3,
      statuses: "first:Infeasible L0:Infeasible L1:Infeasible",
    });
    expect(e.suggestion).toMatch(/no feasible point .*model data/);
    expect(e.suggestion).not.toMatch(/memory/);
  });

  it("an exhausted ladder of Unknown / SolveError / TimeLimit is called numerical difficulty", () => {
    const hint = solveHint(numericalError());
    expect(hint).toMatch(/^Numerical difficulty/);
    expect(hint).toMatch(/3 retry level\(s\) \(statuses: Unknown, SolveError, TimeLimit\)/);
    expect(hint).toMatch(/time budget/);
    expect(hint).not.toMatch(/memory/);
  });

  it("a ladder cut short by training.solver names the limit that stopped it", () => {
    const capped = { ...numericalError(), ending: "max-attempts" as const };
    expect(solveHint(capped)).toMatch(/retry_max_attempts \(3\) stopped the ladder before its 12 levels/);
    const timedOut = { ...numericalError(), ending: "budget" as const };
    expect(solveHint(timedOut)).toMatch(/retry_time_budget_seconds ran out before the ladder's last level/);
    expect(solveHint(numericalError())).not.toMatch(/retry_max_attempts|retry_time_budget_seconds/);
  });

  it("crosses a worker boundary as data: structured clone keeps every field", () => {
    const solverError = infeasibleError();
    const reply: WorkerReply = { failure: { solverError, site: { phase: "forward", iteration: 4, scenario: 1 } } };
    const received = structuredClone(reply);
    expect(received).toEqual(reply);
    // Thrown as an Error instead, the fields would be lost — the old path that read as a dead worker.
    const thrown = structuredClone(new SddpSolveError(solverError, { phase: "forward", iteration: 4, scenario: 1 }));
    expect("solverError" in thrown).toBe(false);
  });

  it("a dead worker mentions memory only when its error says memory ran out", () => {
    const exit = toSddpError(new WorkerFailure(1, 3, "Worker exited with code 3"));
    expect(exit.suggestion).toMatch(/Worker thread 1 stopped unexpectedly with exit code 3/);
    expect(exit.suggestion).not.toMatch(/memory/);
    const oom = toSddpError(
      new WorkerFailure(0, null, "Worker terminated due to reaching memory limit: JS heap out of memory"),
    );
    expect(oom.suggestion).toMatch(/ran out of memory/);
  });

  it("anything else thrown is an InternalPanic with its throw location, as the API and the CLI report it", () => {
    const bug = toSddpError(new RangeError("index 7 out of range"));
    expect(bug).toMatchObject({ kind: "InternalPanic", message: "index 7 out of range", suggestion: PANIC_SUGGESTION });
    expect(String(bug.context.location)).toMatch(/solve-errors\.test\.ts:\d+:\d+/);
    // The public API maps through the same function: same kind, message and context.
    const api = toCobreError(new RangeError("index 7 out of range"));
    expect(api).toMatchObject({ kind: "InternalPanic", message: bug.message, suggestion: PANIC_SUGGESTION });
    expect(toSddpError("not an Error")).toMatchObject({ kind: "InternalPanic", context: { location: null } });
  });
});
