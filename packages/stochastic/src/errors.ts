/**
 * Typed failures of the stochastic layer.
 *
 * Expected failures (bad input data, a matrix that is not a correlation matrix, too
 * little history) are returned as {@link Result} values so callers must look at them;
 * exceptions are reserved for programming errors (wrong buffer sizes, out-of-range
 * indices in hot paths).
 */

import { type ErrorKindSubset, type Result, err } from "@cobre/core";

/** Every kind of expected failure this package can report (a subset of the registry in @cobre/core). */
export type StochasticErrorKind = ErrorKindSubset<
  | "InvalidInput"
  | "MissingData"
  | "InvalidParParameters"
  | "NotSymmetric"
  | "InvalidCorrelation"
  | "NotPositiveSemidefinite"
  | "InsufficientHistory"
  | "InvalidOpeningTree"
>;

/** An expected failure: a machine-readable `kind`, a human message and optional context. */
export interface StochasticError {
  readonly kind: StochasticErrorKind;
  readonly message: string;
  /** Identifying details (entity ids, stage ids, indices, offending values). */
  readonly details?: Readonly<Record<string, number | string>>;
}

/** Success or a {@link StochasticError}: the Result of @cobre/core with this package's error. */
export type StochasticResult<T> = Result<T, StochasticError>;

/** Builds a failed {@link StochasticResult} carrying a {@link StochasticError}. */
export function fail(
  kind: StochasticErrorKind,
  message: string,
  details?: Readonly<Record<string, number | string>>,
): StochasticResult<never> {
  return details === undefined ? err({ kind, message }) : err({ kind, message, details });
}
