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
    super(`stage LP not optimal during ${site.phase} (iteration ${site.iteration}, scenario ${site.scenario}): ${solverError.message}`);
  }
}

export type SddpErrorKind = "SolverError" | "InvalidOptions" | "Shutdown" | "InternalPanic";

export interface SddpError {
  readonly kind: SddpErrorKind;
  readonly message: string;
  readonly context: Readonly<Record<string, string | number | boolean | null>>;
  readonly suggestion?: string;
}
