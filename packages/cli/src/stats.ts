/**
 * Descriptive statistics for scenario samples. Quantiles interpolate linearly between
 * order statistics (the "type 7" rule of R and NumPy's default), so p50 of an even
 * sample is the midpoint and results match what analysts get from pandas.
 */

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

export function mean(values: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < values.length; i++) s += values[i]!;
  return values.length === 0 ? Number.NaN : s / values.length;
}

export function sampleStd(values: ArrayLike<number>): number {
  const n = values.length;
  if (n < 2) return 0;
  const m = mean(values);
  let s = 0;
  for (let i = 0; i < n; i++) s += (values[i]! - m) ** 2;
  return Math.sqrt(s / (n - 1));
}

/** Quantile `q` in [0, 1] of an ascending-sorted array; NaN when empty. */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  const h = (n - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(n - 1, lo + 1);
  return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!);
}

/**
 * Mean, std and the 5/50/95 percentiles of a sample.
 *
 * @example
 * distribution([1, 2, 3, 4]).p50; // 2.5
 */
export function distribution(values: ArrayLike<number>): Distribution {
  const sorted = Float64Array.from(values as ArrayLike<number>).sort();
  return {
    mean: mean(sorted),
    std: sampleStd(sorted),
    min: sorted.length === 0 ? Number.NaN : sorted[0]!,
    p5: quantileSorted(sorted, 0.05),
    p50: quantileSorted(sorted, 0.5),
    p95: quantileSorted(sorted, 0.95),
    max: sorted.length === 0 ? Number.NaN : sorted[sorted.length - 1]!,
  };
}
