/**
 * The retry ladder: how one `solve()` turns into up to three HiGHS runs.
 *
 * A warm-started simplex occasionally stalls or misreports a status on a numerically
 * awkward basis; discarding the basis, and then switching simplex variant with presolve
 * off, resolves most of those cases. A model that is truly infeasible or unbounded fails
 * every rung, and the caller gets the statuses of all of them.
 */

import type { RawModelApi } from "highs";
import type { SolveAttempt, SolveStrategy } from "./errors";
import { SIMPLEX_DUAL, SIMPLEX_PRIMAL, type ResolvedLpOptions, setOption } from "./lp-options";
import { STATUS_MODEL_EMPTY, STATUS_OPTIMAL, statusName } from "./model-status";

/** HiGHS model-status code reported when the run call itself failed. */
const STATUS_SOLVE_ERROR = 4;

/** What a ladder run leaves behind; one instance per model, overwritten by every solve. */
export interface LadderState {
  /** HiGHS model-status code of the last attempt. */
  code: number;
  /** Simplex iterations summed over the attempts. */
  iterations: number;
  attempts: number;
  /** Filled only when the first attempt fails, so successful solves allocate nothing here. */
  history: SolveAttempt[] | undefined;
}

/** True for the model statuses that carry a usable optimal solution. */
export function isSolved(code: number): boolean {
  return code === STATUS_OPTIMAL || code === STATUS_MODEL_EMPTY;
}

/** Runs the ladder on `raw`, writing the outcome into `state`. Options are restored on exit. */
export function runLadder(raw: RawModelApi, options: ResolvedLpOptions, state: LadderState): void {
  state.iterations = 0;
  state.attempts = 0;
  state.history = undefined;

  if (!options.warmStart) raw.clearSolver();
  attempt(raw, state, "configured");
  if (isSolved(state.code) || !options.retry) return;

  raw.clearSolver();
  attempt(raw, state, "cold");
  if (isSolved(state.code)) return;

  const other = options.simplexStrategy === SIMPLEX_PRIMAL ? SIMPLEX_DUAL : SIMPLEX_PRIMAL;
  setOption(raw, "simplex_strategy", other);
  if (options.presolve !== "off") setOption(raw, "presolve", "off");
  try {
    raw.clearSolver();
    attempt(raw, state, "alternate");
  } finally {
    setOption(raw, "simplex_strategy", options.simplexStrategy);
    if (options.presolve !== "off") setOption(raw, "presolve", options.presolve);
  }
}

function attempt(raw: RawModelApi, state: LadderState, strategy: SolveStrategy): void {
  const callStatus = raw.run().status;
  let code: number = raw.getModelStatus();
  // A native error in run() can leave a stale status behind; never report it as solved.
  if (callStatus === -1 && isSolved(code)) code = STATUS_SOLVE_ERROR;
  state.code = code;
  state.attempts += 1;
  const info = raw.getInfoValue("simplex_iteration_count");
  if (info.status !== -1) state.iterations += Number(info.value);
  if (!isSolved(code) || state.history !== undefined) {
    state.history ??= [];
    state.history.push({ strategy, status: statusName(code) });
  }
}
