/**
 * Typed failures of the solver layer.
 *
 * A solve that ends without an optimal solution (infeasible, unbounded, a limit hit,
 * numerical trouble) is an expected outcome: it is returned as a {@link SolverError}
 * value inside a `Result`, never thrown, so the caller decides how to report it.
 * Misuse of the API (a model used after `dispose()`, arrays of the wrong length, reading a
 * solution that does not exist) is a programming error and throws
 * {@link SolverUsageError}.
 */

import type { SolverStatus } from "./model-status";
import type { RetryLevelName } from "./retry-levels";

/**
 * Where a solve happened, supplied by the caller so a failure can be traced back to the
 * step of the algorithm that produced it. Every field is optional; the solver only
 * copies them into the error.
 */
export interface SolveContext {
  readonly stage?: number;
  readonly iteration?: number;
  readonly scenario?: number;
  readonly opening?: number;
}

/**
 * What one run of HiGHS tried: `"configured"` is the first attempt, with the model's
 * normal options (warm-started unless `warmStart` is false); the others are the retry
 * levels of `retry-levels.ts`, by name.
 */
export type SolveStrategy = "configured" | RetryLevelName;

/** One run of HiGHS made while trying to solve, in order. */
export interface SolveAttempt {
  /** Retry level (0–11); `null` for the first, configured attempt. */
  readonly level: number | null;
  readonly strategy: SolveStrategy;
  readonly status: SolverStatus;
  /** Wall-clock seconds of this run. */
  readonly seconds: number;
}

/**
 * Why the ladder stopped without an optimal solution:
 * - `confirmed`: infeasible or unbounded on two attempts in a row, the later one cold
 *   with presolve: the model itself is at fault, more levels would not help;
 * - `not-retryable`: a status no remedy changes (bad model data, an interrupt);
 * - `exhausted`: every level ran and none ended optimal;
 * - `budget`: the overall wall-clock budget ran out before the last level;
 * - `max-attempts`: the model's `retryMaxAttempts` levels ran (none with `0`), short of
 *   the whole ladder, and none ended optimal;
 * - `retry-off`: the model was created with `retry: false`.
 */
export type LadderEnding = "confirmed" | "not-retryable" | "exhausted" | "budget" | "max-attempts" | "retry-off";

/** {@link SolveContext} plus how many runs of HiGHS were made before giving up. */
export interface SolverErrorContext extends SolveContext {
  readonly attempts: number;
}

/**
 * A solve that ended without an optimal solution after the retry ladder. Its `kind` is
 * the registry's `SolverFailure` (@cobre/core, Structured Output §2.3.2), the one name
 * this failure has in every layer; this package stays below core, so the name is
 * written out here and checked against the registry by the error-kind test.
 */
export interface SolverError {
  readonly kind: "SolverFailure";
  /** The status of the last attempt. */
  readonly status: SolverStatus;
  readonly message: string;
  /** What usually causes this status and what to check first. */
  readonly suggestion: string;
  readonly context: SolverErrorContext;
  /** Every attempt, in order; `history.length === context.attempts`. */
  readonly history: readonly SolveAttempt[];
  /** Why the ladder stopped. */
  readonly ending: LadderEnding;
}

const SUGGESTIONS: Partial<Record<SolverStatus, string>> = {
  Infeasible:
    "No point satisfies every bound and row. Check the bounds and right-hand sides set since the last optimal solve, and that every balance row has a slack or deficit column.",
  UnboundedOrInfeasible:
    "Presolve could not tell infeasible from unbounded. Solve with presolve off to get a definite status, then check bounds and costs.",
  Unbounded:
    "The objective decreases without limit. Look for a column with a negative cost and no upper bound, or a value-function column with no lower bound.",
  TimeLimit:
    "Every attempt ran out of time (timeLimitSeconds on the first, the retry budget on the others): numerical difficulty or a model too large for the budget. Rescale coefficients spanning many orders of magnitude, or raise the limits.",
  IterationLimit: "The simplex iteration limit was reached. The model is likely badly scaled or degenerate.",
  Interrupted: "The solve was interrupted before finishing.",
  Unknown:
    "HiGHS could not classify the result, usually numerical trouble. Rescale coefficients spanning many orders of magnitude (aim for 1e-3..1e6).",
  SolveError: "HiGHS failed inside the simplex. Usually numerical: check for huge or tiny coefficients.",
  ModelError: "HiGHS rejected the model data: check for NaN, inverted bounds or invalid indices.",
};

const DEFAULT_SUGGESTION = "Inspect the model around the reported context; export it to LP text for a closer look.";

/** Builds the {@link SolverError} for a solve whose every attempt failed. */
export function solverError(
  history: readonly SolveAttempt[],
  context: SolveContext | undefined,
  ending: LadderEnding,
): SolverError {
  const last = history[history.length - 1];
  const status: SolverStatus = last === undefined ? "NotSet" : last.status;
  const where = describeContext(context);
  const tried = history.map((a) => `${a.level === null ? "" : `L${a.level} `}${a.strategy}: ${a.status}`).join(", ");
  return {
    kind: "SolverFailure",
    status,
    message: `LP solve failed with status ${status}${where} after ${history.length} attempt(s), ladder ${ending} (${tried})`,
    suggestion: SUGGESTIONS[status] ?? DEFAULT_SUGGESTION,
    context: { ...context, attempts: history.length },
    history,
    ending,
  };
}

function describeContext(context: SolveContext | undefined): string {
  if (context === undefined) return "";
  const parts: string[] = [];
  if (context.stage !== undefined) parts.push(`stage ${context.stage}`);
  if (context.iteration !== undefined) parts.push(`iteration ${context.iteration}`);
  if (context.scenario !== undefined) parts.push(`scenario ${context.scenario}`);
  if (context.opening !== undefined) parts.push(`opening ${context.opening}`);
  return parts.length === 0 ? "" : ` at ${parts.join(", ")}`;
}

/** True when `value` is a {@link SolverError}. */
export function isSolverError(value: unknown): value is SolverError {
  return typeof value === "object" && value !== null && (value as { kind?: unknown }).kind === "SolverFailure";
}

/**
 * Thrown for misuse of the API: a disposed model, arrays of the wrong length, reading a
 * solution after a failed solve. These are bugs in the caller, not solve outcomes.
 */
export class SolverUsageError extends Error {
  readonly kind = "SolverUsageError" as const;
  override readonly name = "SolverUsageError";
}
