/**
 * Typed failures of the stochastic layer.
 *
 * Expected failures (bad input data, a matrix that is not a correlation matrix, too
 * little history) are returned as {@link Result} values so callers must look at them;
 * exceptions are reserved for programming errors (wrong buffer sizes, out-of-range
 * indices in hot paths).
 */

/** Every kind of expected failure this package can report. */
export type StochasticErrorKind =
  | "InvalidInput"
  | "MissingData"
  | "InvalidParParameters"
  | "NotSymmetric"
  | "InvalidCorrelation"
  | "NotPositiveSemidefinite"
  | "InsufficientHistory"
  | "InvalidOpeningTree";

/** An expected failure: a machine-readable `kind`, a human message and optional context. */
export interface StochasticError {
  readonly kind: StochasticErrorKind;
  readonly message: string;
  /** Identifying details (entity ids, stage ids, indices, offending values). */
  readonly details?: Readonly<Record<string, number | string>>;
}

/** Success or an expected failure; never thrown. */
export type Result<T, E = StochasticError> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly error: E };

/** Wraps a value as a successful {@link Result}. */
export function ok<T>(value: T): Result<T, never> {
  return { ok: true, value };
}

/** Builds a failed {@link Result} carrying a {@link StochasticError}. */
export function fail(
  kind: StochasticErrorKind,
  message: string,
  details?: Readonly<Record<string, number | string>>,
): Result<never> {
  return details === undefined
    ? { ok: false, error: { kind, message } }
    : { ok: false, error: { kind, message, details } };
}
