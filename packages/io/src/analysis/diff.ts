/** Value-by-value differences with a relative tolerance, and verdicts built from them. */

export type Verdict = "identical" | "equivalent" | "different";

export interface Difference {
  /** Where: `convergence`, `simulation`, `policy`, … */
  readonly section: string;
  /** What, e.g. `iteration 3 lower_bound` or `thermal_cost p95`. */
  readonly what: string;
  readonly a: number | string | null;
  readonly b: number | string | null;
  /** |a − b|; null when the two are not both numbers. */
  readonly abs: number | null;
  /** |a − b| / max(|a|, |b|, 1); null when not comparable (counts as different). */
  readonly rel: number | null;
}

/**
 * Relative difference with a floor of 1 in the denominator: the values are money and
 * counts, so a difference well under a cent between two near-zero penalties (solver
 * noise such as 1e-9) is not blown up into a 100% change.
 */
export function relativeDifference(a: number, b: number): number {
  return Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b), 1);
}

/** The difference between two cells, or null when they are exactly equal (NaN = NaN, null = null). */
export function diff(
  section: string,
  what: string,
  a: number | string | null,
  b: number | string | null,
): Difference | null {
  if (a === b || (typeof a === "number" && typeof b === "number" && Number.isNaN(a) && Number.isNaN(b))) return null;
  if (typeof a === "number" && typeof b === "number" && Number.isFinite(a) && Number.isFinite(b)) {
    return { section, what, a, b, abs: Math.abs(a - b), rel: relativeDifference(a, b) };
  }
  return { section, what, a, b, abs: null, rel: null };
}

/** identical without differences, equivalent when every one is within `tolerance`, else different. */
export function verdictOf(differences: readonly Difference[], tolerance: number): Verdict {
  if (differences.length === 0) return "identical";
  return differences.every((d) => d.rel !== null && d.rel <= tolerance) ? "equivalent" : "different";
}

/** The weaker of verdicts: different beats equivalent beats identical. */
export function combine(...verdicts: Verdict[]): Verdict {
  if (verdicts.includes("different")) return "different";
  return verdicts.includes("equivalent") ? "equivalent" : "identical";
}

/** The `n` largest differences, incomparable ones (rel null) first. */
export function largest(differences: readonly Difference[], n: number): Difference[] {
  const key = (d: Difference) => (d.rel === null ? Number.POSITIVE_INFINITY : d.rel);
  return [...differences].sort((x, y) => key(y) - key(x)).slice(0, n);
}
