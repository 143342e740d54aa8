/**
 * Errors of the SDDP engine. Expected failures (an LP that is not optimal, bad options)
 * are values with a registry `kind` (@cobre/core); the public API returns them as Results.
 *
 * `toSddpError` is the one place where anything thrown out of the engine (an LP failure,
 * a dead worker, a bug) becomes an error value: `train`, `simulate`, `runStudy` and the
 * public API's `toCobreError` all go through it.
 */
import type { ErrorKindSubset, ErrorRecord } from "@cobre/core";
import type { SolverError } from "@cobre/solver";

/** Where a stage LP was solved when it failed. */
export interface SolveSite {
  readonly phase: "forward" | "backward" | "lower_bound" | "simulation";
  readonly iteration: number;
  readonly scenario: number;
  readonly opening?: number;
}

/** An LP solve that ended without an optimal solution after the retry ladder. */
export class SddpSolveError extends Error {
  readonly kind = "SolverFailure" as const;
  constructor(
    readonly solverError: SolverError,
    readonly site: SolveSite,
  ) {
    super(`${describeSite(solverError, site)} not optimal: ${solverError.message}`);
  }
}

/** "backward LP of stage 3 (iteration 211, trial point 2, opening 7)". */
function describeSite(e: SolverError, site: SolveSite): string {
  const stage = e.context.stage === undefined ? "" : ` of stage ${e.context.stage}`;
  const point =
    site.phase === "backward" ? "trial point" : site.phase === "lower_bound" ? "lower-bound point" : "scenario";
  const opening = site.opening === undefined ? "" : `, opening ${site.opening}`;
  return `${site.phase} LP${stage} (iteration ${site.iteration}, ${point} ${site.scenario}${opening})`;
}

/**
 * What to check, judged from every status the retry ladder saw: infeasible or unbounded
 * points at the model data; limits, `Unknown` and solver errors at numerical difficulty.
 */
export function solveHint(e: SolverError): string {
  const seen = new Set(e.history.map((a) => a.status));
  const stage = e.context.stage === undefined ? "the stage" : `stage ${e.context.stage}`;
  const levels = e.history.length - 1;
  if (seen.has("ModelError") || seen.has("LoadError")) {
    return `HiGHS rejected the LP data of ${stage}: look for NaN or infinite coefficients, inverted bounds or costs in its input files.`;
  }
  if (e.ending === "confirmed" && (e.status === "Infeasible" || e.status === "UnboundedOrInfeasible")) {
    return `The LP of ${stage} has no feasible point (confirmed cold, with presolve): model data. Check its bounds, loads and inflows against the previous stage's state; a hard bound without a violation slack or penalty is the usual cause.`;
  }
  if (e.ending === "confirmed" && e.status === "Unbounded") {
    return `The LP of ${stage} is unbounded (confirmed cold, with presolve): model data. Look for a column with a negative cost and no upper bound, or a negative penalty.`;
  }
  if (e.ending === "retry-off") {
    return `The LP of ${stage} failed with status ${e.status} and retries are off; enable them to let the solver escalate.`;
  }
  if (e.ending === "max-attempts" && levels === 0) {
    return `The LP of ${stage} failed with status ${e.status} and training.solver.retry_max_attempts is 0, so no retry level ran; raise it (the ladder has 12 levels) to let the solver escalate.`;
  }
  const timed = seen.has("TimeLimit") ? " Levels ran out of their time budget." : "";
  // The two limits of config.json's training.solver that can stop the ladder early.
  const cut =
    e.ending === "max-attempts"
      ? ` training.solver.retry_max_attempts (${levels}) stopped the ladder before its 12 levels; raising it lets the solver try more.`
      : e.ending === "budget"
        ? " training.solver.retry_time_budget_seconds ran out before the ladder's last level; raising it lets the solver try more."
        : "";
  return `Numerical difficulty: HiGHS did not reach an optimum of the LP of ${stage} after ${levels} retry level(s) (statuses: ${[...seen].join(", ")}).${timed}${cut} Coefficients or costs spanning many orders of magnitude are the usual cause; check penalties and costs of ${stage}, and report the case with the stage and iteration.`;
}

/** The kinds the engine reports (a subset of the registry of @cobre/core). */
export type SddpErrorKind = ErrorKindSubset<
  "SolverFailure" | "InvalidOptions" | "Shutdown" | "InternalPanic" | "WorkerFailed"
>;

/** An engine failure: a registry record whose context holds plain values only. */
export type SddpError = ErrorRecord<SddpErrorKind, Readonly<Record<string, string | number | boolean | null>>>;

/** The hint of every `InternalPanic`, whichever layer caught it. */
export const PANIC_SUGGESTION = "This is a bug in Cobre-TS; please report it with the case.";

/** A worker thread died or failed outside an LP solve (thrown by executors, mapped by train/simulate). */
export class WorkerFailure extends Error {
  readonly kind = "WorkerFailed" as const;
  constructor(
    readonly rank: number,
    readonly exitCode: number | null,
    readonly inner: string,
  ) {
    super(`worker ${rank} failed${exitCode === null ? "" : ` (exit code ${exitCode})`}: ${inner}`);
  }
}

/**
 * Maps anything thrown out of the engine to a typed error: LP failures keep their stage
 * and status, worker deaths their rank, and the rest is an internal bug (its message and,
 * when known, the throw location are kept).
 */
export function toSddpError(e: unknown): SddpError {
  const solve = e instanceof SddpSolveError ? e : recoverSolveError(e);
  if (solve !== undefined) {
    const se = solve.solverError;
    return {
      kind: "SolverFailure",
      message: solve.message,
      context: {
        stage: se.context.stage ?? null,
        iteration: solve.site.iteration,
        scenario: solve.site.scenario,
        opening: solve.site.opening ?? null,
        phase: solve.site.phase,
        status: se.status,
        attempts: se.history.length,
        ending: se.ending,
        statuses: se.history.map((a) => `${a.level === null ? "first" : `L${a.level}`}:${a.status}`).join(" "),
      },
      suggestion: solveHint(se),
    };
  }
  if (e instanceof WorkerFailure) {
    return {
      kind: "WorkerFailed",
      message: e.message,
      context: { rank: e.rank, exitCode: e.exitCode, inner: e.inner },
      suggestion: workerHint(e),
    };
  }
  return {
    kind: "InternalPanic",
    message: e instanceof Error ? e.message : String(e),
    context: { location: e instanceof Error ? location(e) : null },
    suggestion: PANIC_SUGGESTION,
  };
}

/** First `file:line:col` frame of a stack trace, if any. */
function location(e: Error): string | null {
  const m = /\(?((?:file:\/\/)?[^\s()]+:\d+:\d+)\)?/.exec(e.stack?.split("\n").slice(1).join("\n") ?? "");
  return m?.[1] ?? null;
}

/** Memory is named only when the worker's own message says memory ran out. */
function workerHint(e: WorkerFailure): string {
  if (/out of memory|memory limit|ERR_WORKER_OUT_OF_MEMORY|heap/i.test(e.inner)) {
    return "A worker thread ran out of memory. Retry with fewer workers or a larger heap (--max-old-space-size), or report the case.";
  }
  const code = e.exitCode === null ? "" : ` with exit code ${e.exitCode}`;
  return `Worker thread ${e.rank} stopped unexpectedly${code}. Run with one worker to get the error in the calling thread, and report the case.`;
}

/** Errors crossing a worker boundary lose their class; recover a solve error's fields. */
function recoverSolveError(e: unknown): SddpSolveError | undefined {
  if (typeof e === "object" && e !== null && "solverError" in e && "site" in e) {
    const x = e as { solverError: SddpSolveError["solverError"]; site: SddpSolveError["site"] };
    return new SddpSolveError(x.solverError, x.site);
  }
  return undefined;
}
