/**
 * @cobre/solver — the LP layer of Cobre over HiGHS: persistent models patched in place.
 *
 * Job: hold each LP in one long-lived HiGHS (WebAssembly) instance, let callers patch
 * bounds, costs and appended rows in place, re-solve from the previous basis, and read
 * primal values, duals and reduced costs without rebuilding anything. This is the only
 * package that imports `highs`.
 *
 * Design principles:
 * - Warm by default: consecutive solves reuse the basis; a cold start is explicit.
 * - Expected failures (infeasible, unbounded, limits) are `Result` values carrying a
 *   `SolverError`; only API misuse throws (`SolverUsageError`).
 * - A retry ladder of 12 levels (cold, presolve, other simplex, relaxed tolerances,
 *   interior point, scaling variants), each with a wall-clock budget, runs inside
 *   `solve()` before a failure is reported; the normal options are restored after it.
 * - Statistics go into counters the caller preallocates (`SolveStats`), never into
 *   per-solve objects.
 * - Hot path lean: no per-solve objects on this side; the solution is copied out of
 *   Wasm lazily, once per solve.
 * - Native memory is explicit: `dispose()` every model (or `using`).
 */

export { loadSolver, solverVersion } from "./backend";
export type { SolverBackend, SolverVersion } from "./backend";
export { LpModel } from "./lp-model";
export type { IndexList, LpBasis, SolveOutcome, SolveSummary, ValueList } from "./lp-model";
export type { LpModelOptions } from "./lp-options";
export type { LpProblem, SparseMatrix } from "./lp-problem";
export type { SolverStatus } from "./model-status";
export { isSolverError, SolverUsageError } from "./errors";
export type {
  LadderEnding,
  SolveAttempt,
  SolveContext,
  SolverError,
  SolverErrorContext,
  SolveStrategy,
} from "./errors";
export { DEFAULT_RETRY_BUDGET, RETRY_LEVEL_COUNT, RETRY_LEVEL_NAMES } from "./retry-levels";
export type { ResolvedRetryBudget, RetryBudget, RetryLevelName } from "./retry-levels";
export { SOLVE_STATS_FIELDS, SOLVE_STATS_WIDTH, SolveStats } from "./solve-stats";
export type { Result } from "./result";

/** Name of this package, for diagnostics. */
export const PACKAGE_NAME = "@cobre/solver";
