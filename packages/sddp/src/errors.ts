/**
 * Errors of the SDDP engine. Expected failures (an LP that is not optimal, bad options)
 * are values with a stable `kind`; the public API returns them as Results.
 */
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
  readonly kind = "SolverError" as const;
  constructor(
    readonly solverError: SolverError,
    readonly site: SolveSite,
  ) {
    super(
      `stage LP not optimal during ${site.phase} (iteration ${site.iteration}, scenario ${site.scenario}): ${solverError.message}`,
    );
  }
}

export type SddpErrorKind = "SolverError" | "InvalidOptions" | "Shutdown" | "InternalPanic" | "WorkerFailed";

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
 * and status, worker deaths their rank, and the rest is an internal bug.
 */
export function toSddpError(e: unknown): SddpError {
  const solve = e instanceof SddpSolveError ? e : recoverSolveError(e);
  if (solve !== undefined) {
    return {
      kind: "SolverError",
      message: solve.message,
      context: {
        stage: solve.solverError.context.stage ?? null,
        iteration: solve.site.iteration,
        scenario: solve.site.scenario,
        phase: solve.site.phase,
        status: solve.solverError.status,
      },
      suggestion:
        "Check bounds and penalties of the stage named in the context; an infeasible stage usually means a hard bound without a violation slack.",
    };
  }
  if (e instanceof WorkerFailure) {
    return {
      kind: "WorkerFailed",
      message: e.message,
      context: { rank: e.rank, exitCode: e.exitCode, inner: e.inner },
      suggestion: "A worker thread died (out of memory?). Retry with fewer workers, or report the case.",
    };
  }
  return {
    kind: "InternalPanic",
    message: e instanceof Error ? e.message : String(e),
    context: {},
    suggestion: "This is a bug in Cobre-TS; please report it with the case.",
  };
}

/** Errors crossing a worker boundary lose their class; recover a solve error's fields. */
function recoverSolveError(e: unknown): SddpSolveError | undefined {
  if (typeof e === "object" && e !== null && "solverError" in e && "site" in e) {
    const x = e as { solverError: SddpSolveError["solverError"]; site: SddpSolveError["site"] };
    return new SddpSolveError(x.solverError, x.site);
  }
  return undefined;
}

export interface SddpError {
  readonly kind: SddpErrorKind;
  readonly message: string;
  readonly context: Readonly<Record<string, string | number | boolean | null>>;
  readonly suggestion?: string;
}
