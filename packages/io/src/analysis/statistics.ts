/** Summary statistics of a sample, as reported for simulation costs and entity columns. */

export interface Summary {
  readonly count: number;
  readonly mean: number | null;
  /** Sample standard deviation (n − 1); 0 for a single value. */
  readonly std: number | null;
  readonly min: number | null;
  readonly max: number | null;
  readonly p5: number | null;
  readonly p50: number | null;
  readonly p95: number | null;
}

/**
 * Quantile by linear interpolation between order statistics (the common "type 7"
 * definition, as numpy's default), so small samples give stable, reproducible values.
 */
export function quantile(sorted: Float64Array, q: number): number | null {
  if (sorted.length === 0) return null;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  const a = sorted[lo]!;
  const b = sorted[hi]!;
  return a + (b - a) * (pos - lo);
}

/** Summarises the finite values of `values` (nulls and NaNs are skipped, not counted). */
export function summarize(values: Iterable<number | null>): Summary {
  const kept: number[] = [];
  for (const v of values) if (v !== null && Number.isFinite(v)) kept.push(v);
  const n = kept.length;
  if (n === 0) return { count: 0, mean: null, std: null, min: null, max: null, p5: null, p50: null, p95: null };
  const sorted = Float64Array.from(kept).sort();
  // Summed in sorted order so the result does not depend on the order rows were read.
  let sum = 0;
  for (const v of sorted) sum += v;
  const mean = sum / n;
  let ss = 0;
  for (const v of sorted) ss += (v - mean) ** 2;
  return {
    count: n,
    mean,
    std: n > 1 ? Math.sqrt(ss / (n - 1)) : 0,
    min: sorted[0]!,
    max: sorted[n - 1]!,
    p5: quantile(sorted, 0.05),
    p50: quantile(sorted, 0.5),
    p95: quantile(sorted, 0.95),
  };
}
