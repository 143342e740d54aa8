/**
 * Solve statistics: counters a caller preallocates once and passes to `solve()`, which
 * adds each solve's figures to them — no object per solve. The caller reads them, adds
 * them up across models or threads, and resets them when its reporting period ends.
 */

import { RETRY_LEVEL_COUNT } from "./retry-levels";

/**
 * Counters for a series of solves (one phase of an algorithm, one stage, one period).
 *
 * @example
 * ```ts
 * const stats = new SolveStats();
 * for (const rhs of demands) { model.setRowBound(0, rhs, rhs); model.solve(undefined, stats); }
 * console.log(stats.solves, stats.simplexIterations, stats.retryLevels[0]);
 * stats.reset();
 * ```
 */
export class SolveStats {
  /** Calls of `solve()`. */
  solves = 0;
  /** Solves that ended optimal (on the first attempt or after retries). */
  successes = 0;
  /** Solves whose first attempt failed, so the retry ladder ran. */
  retried = 0;
  /** Solves that failed after the ladder (or with retry off). */
  failures = 0;
  /** Retry-level runs of HiGHS, summed over solves. */
  retryAttempts = 0;
  /** Simplex (and interior-point) iterations, every attempt included. */
  simplexIterations = 0;
  /** Wall-clock milliseconds inside HiGHS runs, every attempt included. */
  solveTimeMs = 0;
  /** `retryLevels[k]`: solves that ended optimal at retry level k. */
  readonly retryLevels: Float64Array = new Float64Array(RETRY_LEVEL_COUNT);

  /** Sets every counter to zero. */
  reset(): void {
    this.solves = 0;
    this.successes = 0;
    this.retried = 0;
    this.failures = 0;
    this.retryAttempts = 0;
    this.simplexIterations = 0;
    this.solveTimeMs = 0;
    this.retryLevels.fill(0);
  }

  /** Adds `other`'s counters to these. */
  add(other: SolveStats): void {
    this.solves += other.solves;
    this.successes += other.successes;
    this.retried += other.retried;
    this.failures += other.failures;
    this.retryAttempts += other.retryAttempts;
    this.simplexIterations += other.simplexIterations;
    this.solveTimeMs += other.solveTimeMs;
    for (let k = 0; k < RETRY_LEVEL_COUNT; k++) this.retryLevels[k]! += other.retryLevels[k]!;
  }

  /**
   * Writes the counters into `out` from `offset` on, in the order of
   * {@link SOLVE_STATS_FIELDS} followed by the retry histogram
   * ({@link SOLVE_STATS_WIDTH} numbers): a flat form that crosses thread boundaries in
   * one typed array.
   */
  writeTo(out: Float64Array, offset: number): void {
    out[offset] = this.solves;
    out[offset + 1] = this.successes;
    out[offset + 2] = this.retried;
    out[offset + 3] = this.failures;
    out[offset + 4] = this.retryAttempts;
    out[offset + 5] = this.simplexIterations;
    out[offset + 6] = this.solveTimeMs;
    out.set(this.retryLevels, offset + SOLVE_STATS_FIELDS.length);
  }

  /** Adds counters written by {@link writeTo} at `offset` of `from`. */
  addFrom(from: Float64Array, offset: number): void {
    this.solves += from[offset]!;
    this.successes += from[offset + 1]!;
    this.retried += from[offset + 2]!;
    this.failures += from[offset + 3]!;
    this.retryAttempts += from[offset + 4]!;
    this.simplexIterations += from[offset + 5]!;
    this.solveTimeMs += from[offset + 6]!;
    const h = offset + SOLVE_STATS_FIELDS.length;
    for (let k = 0; k < RETRY_LEVEL_COUNT; k++) this.retryLevels[k]! += from[h + k]!;
  }
}

/** The scalar counters of {@link SolveStats}, in their flat order. */
export const SOLVE_STATS_FIELDS = [
  "solves",
  "successes",
  "retried",
  "failures",
  "retryAttempts",
  "simplexIterations",
  "solveTimeMs",
] as const;

/** Numbers per {@link SolveStats} in flat form: the scalar counters, then the retry histogram. */
export const SOLVE_STATS_WIDTH: number = SOLVE_STATS_FIELDS.length + RETRY_LEVEL_COUNT;
