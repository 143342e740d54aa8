/**
 * Names for HiGHS model-status codes.
 *
 * HiGHS reports the outcome of a solve as a small integer (`HighsModelStatus` in the C
 * API); errors and logs carry the name instead so they read without a lookup table.
 */

/** The outcome of a solve as HiGHS classifies it, by name. */
export type SolverStatus =
  | "NotSet"
  | "LoadError"
  | "ModelError"
  | "PresolveError"
  | "SolveError"
  | "PostsolveError"
  | "ModelEmpty"
  | "Optimal"
  | "Infeasible"
  | "UnboundedOrInfeasible"
  | "Unbounded"
  | "ObjectiveBound"
  | "ObjectiveTarget"
  | "TimeLimit"
  | "IterationLimit"
  | "Unknown"
  | "SolutionLimit"
  | "Interrupted";

// Index = HiGHS model-status code (stable C API values 0..17).
const STATUS_BY_CODE: readonly SolverStatus[] = [
  "NotSet",
  "LoadError",
  "ModelError",
  "PresolveError",
  "SolveError",
  "PostsolveError",
  "ModelEmpty",
  "Optimal",
  "Infeasible",
  "UnboundedOrInfeasible",
  "Unbounded",
  "ObjectiveBound",
  "ObjectiveTarget",
  "TimeLimit",
  "IterationLimit",
  "Unknown",
  "SolutionLimit",
  "Interrupted",
];

/** Maps a HiGHS model-status code to its name; codes outside the table read as `Unknown`. */
export function statusName(code: number): SolverStatus {
  return STATUS_BY_CODE[code] ?? "Unknown";
}

/** HiGHS code for an optimal solve. */
export const STATUS_OPTIMAL = 7;
/** HiGHS code for a model with no columns: trivially solved, nothing to optimise. */
export const STATUS_MODEL_EMPTY = 6;
/** HiGHS code of a model never solved (or changed since): it has no solution or basis. */
export const STATUS_NOT_SET = 0;
