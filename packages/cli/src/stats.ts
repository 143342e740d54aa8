/**
 * Descriptive statistics for the CLI's tables and charts: a numeric view (NaN when
 * empty) over the statistics of @cobre/io, so every front end reports the same numbers
 * (type-7 quantiles, sample standard deviation).
 */
import { type Summary, summarize } from "@cobre/io";

export interface Distribution {
  readonly mean: number;
  /** Sample standard deviation (n - 1 denominator); 0 for a single value. */
  readonly std: number;
  readonly min: number;
  readonly p5: number;
  readonly p50: number;
  readonly p95: number;
  readonly max: number;
}

/**
 * Mean, std and the 5/50/95 percentiles of a sample.
 *
 * @example
 * distribution([1, 2, 3, 4]).p50; // 2.5
 */
export function distribution(values: ArrayLike<number>): Distribution {
  return fromSummary(summarize(Array.from(values)));
}

/** io's `Summary` (null when empty) as a `Distribution` (NaN when empty). */
export function fromSummary(s: Summary): Distribution {
  const n = (v: number | null) => v ?? Number.NaN;
  return { mean: n(s.mean), std: n(s.std), min: n(s.min), p5: n(s.p5), p50: n(s.p50), p95: n(s.p95), max: n(s.max) };
}
