/**
 * `train()`: builds the stage LPs of a case, runs SDDP on `numWorkers` workers until a
 * stopping rule triggers, and returns the trained cuts with the convergence history.
 */
import type { Case, Result } from "@cobre/core";
import type { RetryHistogramRecord, SolverStatsRecord, StageBasisData } from "@cobre/io";
import type { RawBasis } from "../lp/basis-store";
import { err, ok } from "@cobre/core";
import { loadBoundaryCuts } from "../cuts/boundary-cuts";
import type { CutPool } from "../cuts/cut-pool";
import type { VisitedStates } from "../cuts/cut-selection";
import { type SddpError, toSddpError } from "../errors";
import type { Executor, ExecutorFactory } from "../parallel/executor";
import { LocalExecutor } from "../parallel/local-executor";
import { PiscinaExecutor } from "../parallel/piscina-executor";
import { type PreparedStudy, prepareStudy } from "../study/prepare-study";
import type { TerminationReason } from "./stopping-rules";
import { type IterationRecord, runTrainingLoop } from "./training-loop";
import { fillReferenceBases } from "./reference-bases";
import { TrainingState } from "./training-state";
import type { EngineWarning } from "../warnings";
import { WorkerCore } from "../parallel/worker-core";
import { maxOpenings } from "../scenario/scenario-inputs";

export interface TrainOptions {
  /** Worker threads solving LPs (default 1: in the calling thread). Results do not depend on it. */
  readonly numWorkers?: number;
  /**
   * Builds the executor instead of a local one (e.g. `@cobre/cluster`'s workers on
   * other machines); `numWorkers` is then ignored.
   */
  readonly executor?: ExecutorFactory;
  /** Called after every iteration with its convergence record. */
  readonly onIteration?: (record: IterationRecord) => void;
  /** Stops training at the next iteration boundary (termination reason `shutdown`). */
  readonly signal?: AbortSignal;
  /**
   * Cuts to start from. With `history` (a resumed run) iteration numbering, sampling and
   * stopping rules continue where the checkpoint left off, so the run ends as an
   * uninterrupted one would; without it (warm start) training starts at iteration 1.
   */
  readonly initial?: {
    readonly pools: readonly CutPool[];
    readonly history?: readonly IterationRecord[];
    readonly visited?: readonly VisitedStates[];
    /** Iterations completed (resume without a history: numbering continues after it). */
    readonly iteration?: number;
    /**
     * Bases the first forward pass starts from, one per stage at most (a checkpoint's
     * `policy/basis/` or its training state). A basis that does not fit the case's LP
     * is ignored: that stage starts cold.
     */
    readonly bases?: readonly StageBasisData[];
    /** The store's policy slots exactly as a checkpoint saved them (a resumed run); preferred over `bases`. */
    readonly rawBases?: readonly RawBasis[];
  };
  /**
   * Directory a relative `policy.boundary.path` is resolved against: Cobre takes the
   * output directory (`runStudy` passes it); default the case directory.
   */
  readonly policyBaseDir?: string;
  /** Receives the state after iterations chosen by `policy.checkpointing` (awaited). */
  readonly onCheckpoint?: (snapshot: TrainingSnapshot) => Promise<void>;
}

/** What a checkpoint holds: enough to resume training exactly. */
export interface TrainingSnapshot {
  readonly iteration: number;
  /** States visited so far per stage (cut selection needs them to resume exactly). */
  readonly visited: readonly VisitedStates[];
  readonly pools: readonly CutPool[];
  readonly history: readonly IterationRecord[];
  readonly seed: number;
  /** The policy's basis per stage (empty stages left out): where the next iteration starts. */
  readonly bases: readonly StageBasisData[];
  /** The same slots as the store keeps them (cuts by pool index), for an exact resume. */
  readonly rawBases: readonly RawBasis[];
}

export interface TrainingOutcome {
  readonly history: readonly IterationRecord[];
  /** LP solver statistics by (iteration, phase, stage, opening) of this run's iterations. */
  readonly solverStats: readonly SolverStatsRecord[];
  /** Solves recovered per retry level, by (iteration, phase, stage); positive counts only. */
  readonly retryHistogram: readonly RetryHistogramRecord[];
  readonly terminationReason: TerminationReason;
  /** `pools[t]` approximates the future cost after stage t (the last one is empty). */
  readonly pools: readonly CutPool[];
  /** Trial states visited per stage (recorded when cut selection is on). */
  readonly visited: readonly VisitedStates[];
  /**
   * The basis of each stage that the policy fixes (the last forward pass's, slot 0):
   * simulations start every solve of a stage from it; `policy/basis/` stores it.
   */
  readonly bases: readonly StageBasisData[];
  /** The same slots as the store keeps them, for an exact resume. */
  readonly rawBases: readonly RawBasis[];
  readonly stateDims: readonly number[];
  readonly seed: number;
  readonly workers: number;
  readonly finalLowerBound: number;
  readonly finalUpperBound: number;
  readonly finalGap: number;
  readonly totalTimeMs: number;
  /** What preparing the study noticed: approximations, fallbacks, options not implemented. */
  readonly warnings: readonly EngineWarning[];
  /** Lag slots per hydro in the state, and whether a period accumulator slot follows them. */
  readonly lagLayout: { readonly inflowLagSlots: number; readonly accumulator: boolean };
}

/** Cuts one run can add per stage: one per forward pass per iteration, up to the iteration limit. */
function cutCapacity(c: Case): number {
  const limits = c.config.training.stoppingRules.flatMap((r) => (r.type === "iteration_limit" ? [r.limit] : []));
  const iterations = limits.length > 0 ? Math.min(...limits) : 1000;
  return Math.max(1, iterations * c.config.training.forwardPasses);
}

/**
 * Trains a policy for a loaded case.
 *
 * @example
 * ```ts
 * const loaded = await loadCase("examples/hydro-tiny");
 * if (loaded.ok) {
 *   const trained = await train(loaded.value, { numWorkers: 2 });
 *   if (trained.ok) console.log(trained.value.finalLowerBound);
 * }
 * ```
 */
export async function train(c: Case, options: TrainOptions = {}): Promise<Result<TrainingOutcome, SddpError>> {
  const trained = await trainKeepingWorkers(c, options);
  if (!trained.ok) return trained;
  await trained.value.workers.executor.close();
  return ok(trained.value.outcome);
}

/**
 * The workers a training ran on, still running, with the state they share: a simulation
 * of the same run (`runStudy`) goes on with them instead of starting threads, loading
 * modules and building stage LPs again (see `simulateOnTrainingWorkers`). Whoever holds
 * it closes `executor`.
 */
export interface TrainingWorkers {
  readonly executor: Executor;
  readonly state: TrainingState;
  readonly study: PreparedStudy;
  /**
   * Where they run: `threads` (a pool of worker threads), `inThread` (one core in this
   * thread), `external` (an executor from `TrainOptions.executor`, e.g. other machines).
   */
  readonly kind: "threads" | "inThread" | "external";
}

/**
 * {@link train}, leaving its workers running for the caller (who closes them) when it
 * succeeds; on failure they are closed here.
 */
export async function trainKeepingWorkers(
  c: Case,
  options: TrainOptions = {},
): Promise<Result<{ outcome: TrainingOutcome; workers: TrainingWorkers }, SddpError>> {
  const prepared = prepareStudy(c);
  if (!prepared.ok) return prepared;
  const study = prepared.value;
  const workers = Math.max(1, Math.floor(options.numWorkers ?? 1));
  const stateDims = study.templates.map((t) => t.layout.stateDim);
  const initial = options.initial;
  if (
    initial !== undefined &&
    (initial.pools.length !== stateDims.length || initial.pools.some((p, t) => p.stateDim !== stateDims[t]))
  ) {
    return err({
      kind: "InvalidOptions",
      message: "the starting policy does not match the case: stage count or state dimension differ",
      context: { policyStages: initial.pools.length, caseStages: stateDims.length },
      suggestion: "Warm-start or resume only from a policy trained on the same system.",
    });
  }
  // Terminal boundary cuts go into the last stage's pool, unless a resumed or warm-started
  // policy already carries them there.
  const T = stateDims.length;
  const boundary =
    (initial?.pools[T - 1]?.size ?? 0) > 0
      ? ok(null)
      : await loadBoundaryCuts(c, stateDims[T - 1] ?? 0, options.policyBaseDir ?? c.directory);
  if (!boundary.ok) return boundary;
  const initialCuts = Math.max(0, boundary.value?.size ?? 0, ...(initial?.pools.map((p) => p.size) ?? [0]));
  const state = TrainingState.create(
    stateDims,
    c.config.training.forwardPasses,
    initialCuts + cutCapacity(c),
    workers > 1,
    study.templates.map((t) => ({ numCols: t.lp.numCols, numTemplateRows: t.layout.numTemplateRows })),
    maxOpenings(study.inputs),
  );
  initial?.pools.forEach((p, t) => {
    const dst = state.pools[t]!;
    for (let i = 0; i < p.size; i++) {
      const k = dst.add(
        p.intercepts[i]!,
        p.coefficients.subarray(i * p.stateDim, (i + 1) * p.stateDim),
        p.iterations[i]!,
        p.forwardPasses[i]!,
        p.active[i] === 1,
      );
      dst.lastActiveIteration[k] = p.lastActiveIteration[i]!;
      dst.activityCount[k] = p.activityCount[i]!;
    }
  });
  const last = boundary.value;
  if (last !== null) {
    const dst = state.pools[T - 1]!;
    for (let i = 0; i < last.size; i++) {
      dst.add(last.intercepts[i]!, last.coefficients.subarray(i * last.stateDim, (i + 1) * last.stateDim), 0, 0, true);
    }
  }
  if (initial?.rawBases !== undefined && initial.rawBases.length > 0) {
    for (const b of initial.rawBases) state.bases.importRaw(b, state.bases.policySlot);
  } else {
    for (const b of initial?.bases ?? []) {
      const pool = state.pools[b.stageIndex];
      if (pool !== undefined) state.bases.importPolicyBasis(b, pool.active, pool.size);
    }
  }
  let executor: Executor;
  if (options.executor !== undefined) executor = await options.executor(c, state);
  else if (workers > 1) executor = new PiscinaExecutor(workers, c, state);
  else executor = new LocalExecutor(await WorkerCore.create(c, state, study));
  const started = performance.now();
  let handedOver = false;
  try {
    // The first forward pass starts from a reference trajectory's bases rather than cold
    // (stages a resumed or warm-started run brings bases for keep theirs). Solved here
    // while worker threads, started just above, load and build their LPs.
    await fillReferenceBases(study, state);
    const out = await runTrainingLoop({
      stages: c.system.stages,
      templates: study.templates,
      maxOpenings: maxOpenings(study.inputs),
      state,
      executor,
      stoppingRules: c.config.training.stoppingRules,
      stoppingMode: c.config.training.stoppingMode,
      cutSelection: c.config.training.cutSelection,
      recordStates: c.config.exports.states,
      ...(initial?.history === undefined ? {} : { previousHistory: initial.history }),
      ...(initial?.iteration === undefined ? {} : { startIteration: initial.iteration }),
      ...(initial?.visited === undefined ? {} : { visitedStates: [...initial.visited] }),
      checkpointSchedule: checkpointSchedule(c),
      ...(options.onCheckpoint === undefined
        ? {}
        : {
            onCheckpoint: (iteration: number, history: readonly IterationRecord[], visited: readonly VisitedStates[]) =>
              options.onCheckpoint!({
                iteration,
                pools: state.pools,
                history,
                visited,
                seed: study.seed,
                bases: policyBases(state),
                rawBases: rawPolicyBases(state),
              }),
          }),
      ...(options.onIteration === undefined ? {} : { onIteration: options.onIteration }),
      shouldStop: () => options.signal?.aborted === true,
    });
    const last = out.history[out.history.length - 1];
    const outcome: TrainingOutcome = {
      history: out.history,
      solverStats: out.solverStats,
      retryHistogram: out.retryHistogram,
      terminationReason: out.terminationReason,
      pools: state.pools,
      visited: out.visited,
      bases: policyBases(state),
      rawBases: rawPolicyBases(state),
      stateDims,
      seed: study.seed,
      workers: executor.workers,
      finalLowerBound: last?.lowerBound ?? Number.NaN,
      finalUpperBound: last?.upperBoundMean ?? Number.NaN,
      finalGap: last?.gap ?? Number.NaN,
      totalTimeMs: performance.now() - started,
      warnings: study.warnings,
      lagLayout: {
        inflowLagSlots: study.inputs.inflowLagSlots,
        accumulator: study.inputs.lagOrder > study.inputs.inflowLagSlots,
      },
    };
    handedOver = true;
    return ok({
      outcome,
      workers: {
        executor,
        state,
        study,
        kind: options.executor !== undefined ? "external" : workers > 1 ? "threads" : "inThread",
      },
    });
  } catch (e) {
    return err(toSddpError(e));
  } finally {
    if (!handedOver) await executor.close();
  }
}

/** The policy slot of every stage that holds a basis, in the checkpoint's format. */
function policyBases(state: TrainingState): StageBasisData[] {
  const out: StageBasisData[] = [];
  for (let t = 0; t < state.bases.stages; t++) {
    const pool = state.pools[t]!;
    const b = state.bases.exportPolicyBasis(t, pool.active, pool.size);
    if (b !== null) out.push(b);
  }
  return out;
}

function rawPolicyBases(state: TrainingState): RawBasis[] {
  const out: RawBasis[] = [];
  for (let t = 0; t < state.bases.stages; t++) {
    const b = state.bases.exportRaw(t, state.bases.policySlot);
    if (b !== null) out.push(b);
  }
  return out;
}

/** The `policy.checkpointing` schedule, or null when checkpoints are off. */
function checkpointSchedule(c: Case): { initialIteration: number; intervalIterations: number } | null {
  const k = c.config.policy.checkpointing;
  if (!k.enabled) return null;
  const interval = k.intervalIterations ?? 10;
  return { initialIteration: k.initialIteration ?? interval, intervalIterations: interval };
}
