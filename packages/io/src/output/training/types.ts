/**
 * `TrainingOutput`: everything the training loop hands to `writeResults`. Record fields
 * are the book's column names in camelCase; durations are milliseconds (numbers, written
 * as Int64), counters are plain numbers.
 */

/** Phase breakdown of one iteration (`timing/iterations.parquet`); omitted phases are 0. */
interface IterationTiming {
  readonly forwardWallMs: number;
  readonly backwardWallMs: number;
  readonly cutSelectionMs: number;
  readonly mpiAllreduceMs: number;
  readonly cutSyncMs: number;
  readonly lowerBoundMs: number;
  readonly stateExchangeMs: number;
  readonly cutBatchBuildMs: number;
  readonly bwdSetupMs: number;
  readonly bwdLoadImbalanceMs: number;
  readonly bwdSchedulingOverheadMs: number;
  readonly fwdSetupMs: number;
  readonly fwdLoadImbalanceMs: number;
  readonly fwdSchedulingOverheadMs: number;
  readonly overheadMs: number;
}

/** One training iteration: a row of `convergence.parquet` and of `timing/iterations.parquet`. */
export interface IterationRecord {
  /** 1-based. */
  readonly iteration: number;
  readonly lowerBound: number;
  /** Mean forward-pass cost: the statistical upper bound estimate. */
  readonly upperBoundMean: number;
  readonly upperBoundStd: number;
  /**
   * Half-width of the 95% confidence interval of the upper bound. Kept for reports and
   * progress events; not an on-disk column (the book's convergence file has 13 columns).
   */
  readonly upperBoundCi95?: number;
  /** (UB − LB)/max(1, |UB|) in percent; null when undefined. */
  readonly gapPercent: number | null;
  readonly cutsAdded: number;
  readonly cutsRemoved: number;
  readonly cutsActive: number;
  readonly timeForwardMs: number;
  readonly timeBackwardMs: number;
  readonly timeTotalMs: number;
  readonly forwardPasses: number;
  readonly lpSolves: number;
  readonly timing?: Partial<IterationTiming>;
}

/** One (iteration, worker) row of `timing/mpi_ranks.parquet`. */
export interface RankTimingRecord {
  readonly iteration: number;
  /** Worker index (MPI rank, or worker thread for the local backend), 0-based. */
  readonly rank: number;
  readonly forwardTimeMs: number;
  readonly backwardTimeMs: number;
  readonly communicationTimeMs: number;
  readonly idleTimeMs: number;
  readonly lpSolves: number;
  readonly scenariosProcessed: number;
}

/** A row of `solver/iterations.parquet`. */
export interface SolverStatsRecord {
  readonly iteration: number;
  readonly phase: "forward" | "backward" | "lower_bound" | "simulation";
  readonly stage: number;
  readonly opening: number | null;
  readonly rank: number | null;
  readonly workerId: number | null;
  readonly lpSolves: number;
  readonly lpSuccesses: number;
  readonly lpRetries: number;
  readonly lpFailures: number;
  readonly retryAttempts: number;
  readonly basisOffered: number;
  readonly basisConsistencyFailures: number;
  readonly simplexIterations: number;
  readonly solveTimeMs: number;
  readonly loadModelTimeMs: number;
  readonly setBoundsTimeMs: number;
  readonly basisSetTimeMs: number;
  readonly basisReconstructions: number;
}

/**
 * A row of `solver/retry_histogram.parquet` (only positive counts): training rows in
 * `training/solver/`, simulation rows (`iteration` = scenario id) in `simulation/solver/`.
 */
export interface RetryHistogramRecord {
  readonly iteration: number;
  readonly phase: "forward" | "backward" | "lower_bound" | "simulation";
  readonly stage: number;
  readonly retryLevel: number;
  readonly count: number;
}

/** A row of `training/cut_selection/iterations.parquet`. */
export interface CutSelectionRecord {
  readonly iteration: number;
  readonly stage: number;
  /** Cuts in the pool, active or not. */
  readonly cutsPopulated: number;
  readonly cutsActiveBefore: number;
  /** Deactivated by the strategy (step 1). */
  readonly cutsDeactivated: number;
  readonly cutsActiveAfter: number;
  /** Wall time of both steps on this stage. */
  readonly selectionTimeMs: number;
  /** Evicted by the budget (step 2); null without a budget. */
  readonly budgetEvicted: number | null;
  readonly activeAfterBudget: number | null;
}

/** How training was distributed over workers (→ manifest `distribution` / `mpi_info`). */
export interface WorkerInfo {
  /** `local`, `worker_threads` or `mpi`. */
  readonly backend: string;
  readonly worldSize: number;
  readonly ranksParticipated?: number;
  readonly numNodes?: number;
  readonly threadsPerRank: number;
  readonly mpiLibrary?: string | null;
  readonly mpiStandard?: string | null;
  readonly threadLevel?: string | null;
}

type TerminationReason = "iteration_limit" | "time_limit" | "bound_stalling" | "simulation";

export interface TrainingOutput {
  /** ISO 8601. */
  readonly startedAt: string;
  readonly completedAt: string;
  /** One per completed iteration, in order. */
  readonly iterations: readonly IterationRecord[];
  /** One per (iteration, worker). */
  readonly rankTimings: readonly RankTimingRecord[];
  readonly solverStats?: readonly SolverStatsRecord[];
  readonly retryHistogram?: readonly RetryHistogramRecord[];
  /** Only iterations where selection ran; the file is written when non-empty. */
  readonly cutSelection?: readonly CutSelectionRecord[];
  readonly terminationReason: TerminationReason | (string & {});
  /** Set when training aborted (manifest status `failed`). */
  readonly failure?: string;
  readonly cuts: { readonly totalGenerated: number; readonly totalActive: number; readonly peakActive: number };
  readonly workers: WorkerInfo;
  /** Length of every cut's coefficient vector. */
  readonly stateDimension: number;
  /** Inflow-lag slots per hydro id: the inflow-lag states of `state_dictionary.json`. Default: none. */
  readonly inflowLagOrders?: ReadonlyMap<number, number>;
  /** Whether the state ends with a period accumulator slot per hydro (multi-resolution lags). */
  readonly lagAccumulator?: boolean;
  readonly lpDimensions?: {
    readonly variablesPerStageAvg: number;
    readonly constraintsPerStageAvg: number;
    readonly nonzerosPerStageAvg: number;
  };
  readonly performance?: {
    /** Individual LP solve times (µs), for avg/median/p99; a sample is fine. */
    readonly lpTimesUs?: Float64Array;
    readonly peakMemoryMb?: number;
  };
  readonly solver?: { readonly name: string; readonly version: string | null };
  /** SHA-256 (`sha256:<hex>`) of the concatenated input file hashes; see `hashInputFiles`. */
  readonly inputHash?: string;
  /** Defaults to a random UUID. */
  readonly runId?: string;
  readonly cobreVersion?: string;
}

/** Optional simulation summary handed to `writeResults`. */
export interface SimulationOutput {
  /** What `SimulationParquetWriter.finalize()` returned. */
  readonly manifest: import("../manifest/types").SimulationManifest;
  /** Mean and standard deviation of the total discounted scenario cost, when computed. */
  readonly costStatistics?: { readonly mean: number; readonly std: number };
}
