/**
 * LP solver statistics by (phase, stage, opening): the rows of
 * `training/solver/iterations.parquet` and `training/solver/retry_histogram.parquet`.
 *
 * Each worker's stage solvers add every solve to a preallocated `SolveStats` bucket
 * (forward, lower-bound and simulation solves per stage; backward solves per stage and
 * opening). A task hands its touched buckets to the coordinator in one flat array
 * (`drain`), which adds them into its own table (`absorb`) and turns them into records
 * once per iteration (`takeRecords`). Rows are summed over workers (`rank` and
 * `worker_id` null), so counts — solves, simplex iterations, retries — do not depend on
 * the number of workers: every unit of LP work starts from the same basis whoever runs it.
 */
import type { RetryHistogramRecord, SolverStatsRecord } from "@cobre/io";
import { RETRY_LEVEL_COUNT, SOLVE_STATS_WIDTH, SolveStats } from "@cobre/solver";

/** The algorithm phase a solve belongs to (the `phase` column). */
export type SolvePhase = "forward" | "backward" | "lower_bound" | "simulation";

/** Buckets a task touched, flat: `index[k]` is a bucket, its counters at `values[k·W ..]`. */
export interface SolverStatsDelta {
  readonly index: Int32Array;
  readonly values: Float64Array;
}

export class SolverStatsTable {
  readonly #buckets: SolveStats[];
  readonly #numStages: number;
  readonly #maxOpenings: number;

  constructor(numStages: number, maxOpenings: number) {
    this.#numStages = numStages;
    this.#maxOpenings = Math.max(1, maxOpenings);
    // forward, lower bound, simulation: one per stage; backward: one per (stage, opening).
    const count = numStages * (3 + this.#maxOpenings);
    this.#buckets = Array.from({ length: count }, () => new SolveStats());
  }

  /** The counters for one solve (no allocation). */
  bucket(phase: SolvePhase, stage: number, opening: number | undefined): SolveStats {
    return this.#buckets[this.#indexOf(phase, stage, opening)]!;
  }

  // Layout: forward by stage, backward by (stage, opening), lower bound by stage,
  // simulation by stage — the order records come out in.
  #indexOf(phase: SolvePhase, stage: number, opening: number | undefined): number {
    const T = this.#numStages;
    const B = T * this.#maxOpenings;
    switch (phase) {
      case "forward":
        return stage;
      case "backward":
        return T + stage * this.#maxOpenings + Math.min(opening ?? 0, this.#maxOpenings - 1);
      case "lower_bound":
        return T + B + stage;
      case "simulation":
        return 2 * T + B + stage;
    }
  }

  #describe(index: number): { phase: SolvePhase; stage: number; opening: number | null } {
    const T = this.#numStages;
    const B = T * this.#maxOpenings;
    if (index < T) return { phase: "forward", stage: index, opening: null };
    if (index < T + B) {
      const k = index - T;
      return { phase: "backward", stage: Math.floor(k / this.#maxOpenings), opening: k % this.#maxOpenings };
    }
    if (index < 2 * T + B) return { phase: "lower_bound", stage: index - T - B, opening: null };
    return { phase: "simulation", stage: index - 2 * T - B, opening: null };
  }

  /** The touched buckets in flat form; they are reset. Once per task, not per solve. */
  drain(): SolverStatsDelta {
    let touched = 0;
    for (const b of this.#buckets) if (b.solves > 0) touched++;
    const index = new Int32Array(touched);
    const values = new Float64Array(touched * SOLVE_STATS_WIDTH);
    let k = 0;
    this.#buckets.forEach((b, i) => {
      if (b.solves === 0) return;
      index[k] = i;
      b.writeTo(values, k * SOLVE_STATS_WIDTH);
      b.reset();
      k++;
    });
    return { index, values };
  }

  /** Adds a worker's drained buckets into this table. */
  absorb(delta: SolverStatsDelta | undefined): void {
    if (delta === undefined) return;
    delta.index.forEach((i, k) => {
      this.#buckets[i]?.addFrom(delta.values, k * SOLVE_STATS_WIDTH);
    });
  }

  /**
   * The records of `iteration` (one per touched bucket, in bucket order: forward by
   * stage, backward by stage and opening, lower bound, simulation) and the positive
   * retry-level counts; the table is reset.
   */
  takeRecords(iteration: number): { stats: SolverStatsRecord[]; histogram: RetryHistogramRecord[] } {
    const stats: SolverStatsRecord[] = [];
    const histogram: RetryHistogramRecord[] = [];
    this.#buckets.forEach((b, i) => {
      if (b.solves === 0) return;
      const { phase, stage, opening } = this.#describe(i);
      stats.push({
        iteration,
        phase,
        stage,
        opening,
        rank: null,
        workerId: null,
        lpSolves: b.solves,
        lpSuccesses: b.successes,
        lpRetries: b.retried,
        lpFailures: b.failures,
        retryAttempts: b.retryAttempts,
        basisOffered: 0,
        basisConsistencyFailures: 0,
        simplexIterations: b.simplexIterations,
        solveTimeMs: b.solveTimeMs,
        loadModelTimeMs: 0,
        setBoundsTimeMs: 0,
        basisSetTimeMs: 0,
        basisReconstructions: 0,
      });
      if (phase !== "simulation") {
        for (let level = 0; level < RETRY_LEVEL_COUNT; level++) {
          const count = b.retryLevels[level]!;
          if (count > 0) histogram.push({ iteration, phase, stage, retryLevel: level, count });
        }
      }
      b.reset();
    });
    return { stats, histogram };
  }
}
