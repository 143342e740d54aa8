/**
 * The communicator between the SDDP coordinator and its workers. The algorithm only
 * asks for phases over index ranges and reads results from fixed slots of the shared
 * training state, so an in-thread, a worker-thread (Piscina) or a multi-process backend
 * can stand behind it without touching the algorithm.
 */
import type { EncodedScenario, ParquetWriterConfig, SimulationScenarioResult } from "@cobre/io";
import type { Case } from "@cobre/core";
import type { TrainingState } from "../training/training-state";
import type { TaskStats } from "./worker-core";

/** What simulating a range of scenarios returns, in scenario order. */
export interface SimulationBatch {
  /** Columnar results (empty when the batch was encoded). */
  readonly results: SimulationScenarioResult[];
  /** Encoded output partitions (empty unless the batch was asked to encode). */
  readonly encoded: EncodedScenario[];
  readonly costs: number[];
  /**
   * Solver counters per (scenario, stage), in the flat form of `SolveStats.writeTo`:
   * `[(k·T + t)·SOLVE_STATS_WIDTH ..]` holds those of the batch's k-th scenario at stage t
   * (solves, successes, retries, failures, retry attempts, simplex iterations, solve
   * milliseconds, then the solves recovered at each retry level).
   */
  readonly solver: Float64Array;
}

/** What {@link Executor.iterationPass} returns: per phase, one stats record per worker. */
export interface IterationResult {
  readonly forward: TaskStats[];
  readonly backward: TaskStats[];
  readonly lowerBound: { readonly value: number; readonly stats: TaskStats[] };
}

export interface Executor {
  /** Number of workers solving LPs. */
  readonly workers: number;
  /**
   * Runs forward scenarios 0..M−1 of `iteration`; fills trial states and costs. Returns
   * one stats record per slice (rank), in slice order.
   */
  forward(iteration: number, cutCounts: readonly number[]): Promise<TaskStats[]>;
  /** Computes one cut per trial point at stage t (for stage t−1) into the shared output slots. */
  backward(stage: number, iteration: number, cutCounts: readonly number[]): Promise<TaskStats[]>;
  /**
   * A whole iteration — forward pass, backward pass with the cuts appended to the pools,
   * lower bound — with the results `forward`, `backward` and `lowerBound` would give: one
   * round trip instead of one per phase. Optional: executors whose workers share memory
   * offer it.
   */
  readonly iterationPass?: (iteration: number, cutCounts: readonly number[]) => Promise<IterationResult>;
  /** Evaluates the lower bound. */
  lowerBound(iteration: number, cutCounts: readonly number[]): Promise<{ value: number; stats: TaskStats }>;
  /** Present-value costs of `count` sampled scenarios under the current cuts (in scenario order). */
  policyCosts(count: number, cutCounts: readonly number[], sampleKey: number): Promise<number[]>;
  /**
   * Simulates scenarios [first, first + count) with the cuts counted in `cutCounts`; with
   * `encode`, the worker encodes each scenario's output partitions with those settings.
   */
  simulate(
    first: number,
    count: number,
    cutCounts: readonly number[],
    encode?: ParquetWriterConfig | null,
  ): Promise<{ value: SimulationBatch; stats: TaskStats }>;
  close(): Promise<void>;
}

/**
 * Builds the executor of one training or simulation over `state` (the coordinator's
 * training state): how a backend outside this package (e.g. a cluster of machines)
 * plugs into `train`, `simulate` and `runStudy`.
 */
export type ExecutorFactory = (c: Case, state: TrainingState) => Promise<Executor>;

/** Splits [0, n) into at most `parts` contiguous slices of near-equal size. */
export function slices(n: number, parts: number): { first: number; count: number }[] {
  const out: { first: number; count: number }[] = [];
  const k = Math.max(1, Math.min(parts, n));
  let first = 0;
  for (let i = 0; i < k; i++) {
    const count = Math.floor(n / k) + (i < n % k ? 1 : 0);
    if (count > 0) out.push({ first, count });
    first += count;
  }
  return out;
}

export function addStats(into: TaskStats, s: TaskStats): TaskStats {
  into.solves += s.solves;
  into.simplexIterations += s.simplexIterations;
  into.solveTimeMs += s.solveTimeMs;
  into.wallMs += s.wallMs;
  into.scenarios += s.scenarios;
  return into;
}

export function emptyStats(): TaskStats {
  return { solves: 0, simplexIterations: 0, solveTimeMs: 0, wallMs: 0, scenarios: 0 };
}
