/**
 * `simulate()`: evaluates a trained policy on `numScenarios` sampled scenarios, on
 * `numWorkers` workers, handing each scenario's columnar result to `onScenario` in
 * scenario order (await it to apply backpressure, e.g. a bounded writer queue). With
 * `output`, each scenario's Parquet partitions are encoded where it was simulated (in the
 * worker threads, in parallel with the other workers' solves) and handed to
 * `output.onEncoded` instead, so only compressed bytes travel back.
 */
import type { Case, Result } from "@cobre/core";
import { err, ok } from "@cobre/core";
import {
  type EncodedScenario,
  type ParquetWriterConfig,
  ScenarioEncoder,
  type RetryHistogramRecord,
  type SimulationScenarioResult,
  type SolverStatsRecord,
  type StageBasisData,
} from "@cobre/io";
import type { CutPool } from "../cuts/cut-pool";
import { type SddpError, toSddpError } from "../errors";
import type { Executor, ExecutorFactory } from "../parallel/executor";
import { LocalExecutor } from "../parallel/local-executor";
import { PiscinaExecutor } from "../parallel/piscina-executor";
import { type PreparedStudy, prepareStudy } from "../study/prepare-study";
import type { TrainingWorkers } from "../training/train";
import { TrainingState } from "../training/training-state";
import { WorkerCore } from "../parallel/worker-core";
import { RETRY_LEVEL_COUNT, SOLVE_STATS_WIDTH, SolveStats } from "@cobre/solver";
import type { SimulationBatch } from "../parallel/executor";
import { fillReferenceBases } from "../training/reference-bases";
import { maxOpenings } from "../scenario/scenario-inputs";

export interface SimulateOptions {
  /** Default: `simulation.num_scenarios` of the case. */
  readonly numScenarios?: number;
  readonly numWorkers?: number;
  /** Builds the executor instead of a local one (see `TrainOptions.executor`). */
  readonly executor?: ExecutorFactory;
  /** Scenarios to skip (already written by an interrupted run). */
  readonly skip?: ReadonlySet<number>;
  readonly onScenario?: (result: SimulationScenarioResult) => void | Promise<void>;
  /**
   * Encode each scenario's output partitions where it is simulated, with these Parquet
   * settings, and hand them to `onEncoded` in scenario order (`onScenario` is then not called).
   */
  readonly output?: {
    readonly parquet: ParquetWriterConfig;
    readonly onEncoded: (scenario: EncodedScenario) => void | Promise<void>;
  };
  /**
   * Solver counters of each batch of simulated scenarios: one row per (scenario, stage)
   * (`simulation/solver/iterations.parquet`) and one per (scenario, stage, retry level)
   * that recovered a solve (`simulation/solver/retry_histogram.parquet`).
   */
  readonly onSolverStats?: (rows: readonly SolverStatsRecord[], histogram: readonly RetryHistogramRecord[]) => void;
  readonly onProgress?: (done: number, total: number) => void;
  readonly signal?: AbortSignal;
}

export interface SimulationSummary {
  readonly scenarios: number;
  /** Present-value cost per simulated scenario, by scenario id (NaN for skipped ones). */
  readonly costs: Float64Array;
  readonly meanCost: number;
  readonly stdCost: number;
  readonly ci95HalfWidth: number;
  readonly totalTimeMs: number;
  readonly lpSolves: number;
  /** Simplex iterations over every simulated LP. */
  readonly simplexIterations: number;
  /** Time inside HiGHS, summed over workers. */
  readonly solveTimeMs: number;
}

/** The cuts a simulation needs: one pool per stage (as returned by `train`). */
export interface PolicyCuts {
  readonly pools: readonly CutPool[];
  /**
   * The policy's basis per stage (as returned by `train` or read from `policy/basis/`):
   * every solve of a stage starts from it, so costs and outputs do not depend on the
   * number of workers. Stages without one (or one that does not fit) start from the basis
   * of a reference trajectory (`reference-bases.ts`), derived from the cuts alone.
   */
  readonly bases?: readonly StageBasisData[];
}

/**
 * Scenarios per block of simulation work. Blocks are fixed by scenario id — block b is
 * [b·BLOCK, (b + 1)·BLOCK) — and solved stage-major on one worker, each solve warm from
 * the previous scenario's (`WorkerCore.simulate`), so a scenario's results depend on its
 * block only: the same bytes whatever the number of workers, and a resumed run re-solves
 * whole blocks. Changing it changes the last bits of degenerate solutions.
 */
const SIMULATION_BLOCK = 8;

export async function simulate(
  c: Case,
  policy: PolicyCuts,
  options: SimulateOptions = {},
): Promise<Result<SimulationSummary, SddpError>> {
  const prepared = prepareStudy(c);
  if (!prepared.ok) return prepared;
  const study = prepared.value;
  const workers = Math.max(1, Math.floor(options.numWorkers ?? 1));
  const stateDims = study.templates.map((t) => t.layout.stateDim);
  const mismatch = policyMismatch(policy, stateDims);
  if (mismatch !== null) return err(mismatch);
  const capacity = Math.max(1, ...policy.pools.map((p) => p.size));
  const state = TrainingState.create(
    stateDims,
    1,
    capacity,
    workers > 1,
    study.templates.map((t) => ({ numCols: t.lp.numCols, numTemplateRows: t.layout.numTemplateRows })),
    maxOpenings(study.inputs),
  );
  policy.pools.forEach((p, t) => {
    const dst = state.pools[t]!;
    for (let i = 0; i < p.size; i++) {
      dst.add(
        p.intercepts[i]!,
        p.coefficients.subarray(i * p.stateDim, (i + 1) * p.stateDim),
        p.iterations[i]!,
        p.forwardPasses[i]!,
        p.active[i] === 1,
      );
    }
  });
  const bases = await installPolicyBases(study, state, policy);
  if (!bases.ok) return bases;
  // With outputs on one worker, the LPs are solved in a worker thread and the partitions
  // encoded here, so encoding overlaps solving; with more workers each encodes its own.
  const encodeHere = options.output !== undefined && workers === 1 && options.executor === undefined;
  let executor: Executor;
  try {
    executor =
      options.executor !== undefined
        ? await options.executor(c, state)
        : workers > 1 || encodeHere
          ? new PiscinaExecutor(workers, c, state)
          : new LocalExecutor(await WorkerCore.create(c, state, study));
  } catch (e) {
    return err(toSddpError(e));
  }
  try {
    return await simulateBlocks(c, executor, state, stateDims.length, encodeHere, options);
  } finally {
    await executor.close();
  }
}

/**
 * {@link simulate} on the workers a training of the same run left running
 * (`trainKeepingWorkers`): no threads to start, no modules to load, no stage LPs to build.
 * The policy's cuts must be the training's own (they are its state's pools); its bases
 * replace the training's in the policy slots, exactly as `simulate` installs them in a
 * fresh state, so the costs and output bytes are those of `simulate` on the saved policy.
 * The caller closes the workers. Falls back to `simulate` where the training's workers
 * cannot serve (another machine's executor, or one in-thread core when the outputs want
 * a thread of their own).
 */
export async function simulateOnTrainingWorkers(
  c: Case,
  trained: TrainingWorkers,
  policy: PolicyCuts,
  options: Omit<SimulateOptions, "numWorkers" | "executor"> = {},
): Promise<Result<SimulationSummary, SddpError>> {
  const { state, study, executor } = trained;
  const sameCuts = policy.pools.length === state.pools.length && policy.pools.every((p, t) => p === state.pools[t]);
  if (trained.kind === "external" || (trained.kind === "inThread" && options.output !== undefined) || !sameCuts) {
    return simulate(c, policy, { ...options, numWorkers: executor.workers });
  }
  state.bases.clearPolicySlots();
  const bases = await installPolicyBases(study, state, policy);
  if (!bases.ok) return bases;
  return simulateBlocks(c, executor, state, study.templates.length, false, options);
}

function policyMismatch(policy: PolicyCuts, stateDims: readonly number[]): SddpError | null {
  if (policy.pools.length === stateDims.length && policy.pools.every((p, t) => p.stateDim === stateDims[t])) {
    return null;
  }
  return {
    kind: "InvalidOptions",
    message: "the policy does not match the case: stage count or state dimension differ",
    context: { policyStages: policy.pools.length, caseStages: stateDims.length },
    suggestion: "Simulate with the case the policy was trained on.",
  };
}

/**
 * Puts the policy's basis of every stage into the (empty) policy slots of `state`: its
 * own where it has one that fits, else the basis of the reference trajectory.
 */
async function installPolicyBases(
  study: PreparedStudy,
  state: TrainingState,
  policy: PolicyCuts,
): Promise<Result<void, SddpError>> {
  for (const b of policy.bases ?? []) {
    const pool = state.pools[b.stageIndex];
    if (pool !== undefined) state.bases.importPolicyBasis(b, pool.active, pool.size);
  }
  try {
    await fillReferenceBases(study, state);
  } catch (e) {
    return err(toSddpError(e));
  }
  return ok(undefined);
}

/** Simulates the scenarios of `options` in fixed blocks on `executor`, delivering them in order. */
async function simulateBlocks(
  c: Case,
  executor: Executor,
  state: TrainingState,
  stages: number,
  encodeHere: boolean,
  options: Omit<SimulateOptions, "numWorkers" | "executor">,
): Promise<Result<SimulationSummary, SddpError>> {
  const n = Math.max(0, Math.floor(options.numScenarios ?? c.config.simulation.numScenarios));
  const parallel = executor.workers;
  // Benchmark hook (`pnpm bench`): another block size; 1 starts every solve from the policy's basis.
  const block = Number(process.env.COBRE_BENCH_SIMULATION_BLOCK ?? SIMULATION_BLOCK);
  const started = performance.now();
  const costs = new Float64Array(n).fill(Number.NaN);
  let solves = 0;
  let simplexIterations = 0;
  let solveTimeMs = 0;
  let done = 0;
  try {
    const here = encodeHere ? await ScenarioEncoder.create(c.system, options.output!.parquet) : null;
    const encodeIn = encodeHere ? null : options.output?.parquet;
    // The blocks holding at least one scenario still to simulate.
    const blocks: number[] = [];
    let todoCount = 0;
    for (let b = 0; b * block < n; b++) {
      let wanted = 0;
      for (let m = b * block; m < Math.min(n, (b + 1) * block); m++) {
        if (options.skip?.has(m) !== true) wanted++;
      }
      if (wanted > 0) blocks.push(b);
      todoCount += wanted;
    }
    type Run = {
      first: number;
      count: number;
      run: Promise<{
        value: SimulationBatch;
        stats: { solves: number; simplexIterations: number; solveTimeMs: number };
      }>;
    };
    /** Dispatches the wave of `parallel` blocks starting at blocks[w]. */
    const dispatch = (w: number): Run[] =>
      blocks.slice(w, w + parallel).map((b) => {
        const first = b * block;
        const count = Math.min(n, first + block) - first;
        const run = executor.simulate(first, count, state.cutCounts(), encodeIn);
        // A wave dispatched ahead may fail while an earlier one is being delivered: that
        // failure surfaces when it is awaited, never as an unhandled rejection.
        run.catch(() => undefined);
        return { first, count, run };
      });
    // Waves of `parallel` blocks, the next one dispatched before the current one is
    // delivered (so the workers solve while results are written); delivery is in scenario
    // order, and scenarios in `skip` (written by an interrupted run) are not delivered again.
    let next: Run[] | null = blocks.length > 0 && options.signal?.aborted !== true ? dispatch(0) : null;
    for (let w = 0; next !== null; w += parallel) {
      const runs = next;
      next = w + parallel < blocks.length && options.signal?.aborted !== true ? dispatch(w + parallel) : null;
      for (const { first, count, run } of runs) {
        const batch = await run;
        solves += batch.stats.solves;
        simplexIterations += batch.stats.simplexIterations;
        solveTimeMs += batch.stats.solveTimeMs;
        if (options.onSolverStats !== undefined) {
          const rows = solverRows(first, count, stages, batch.value.solver, options.skip);
          options.onSolverStats(rows.stats, rows.histogram);
        }
        for (let k = 0; k < count; k++) {
          if (options.skip?.has(first + k) === true) continue;
          costs[first + k] = batch.value.costs[k]!;
          if (options.output === undefined) await options.onScenario?.(batch.value.results[k]!);
          else if (here !== null) {
            const e = here.encode(batch.value.results[k]!);
            if (!e.ok)
              throw new Error(`simulation output of scenario ${first + k} does not encode: ${JSON.stringify(e.error)}`);
            await options.output.onEncoded(e.value);
          } else await options.output.onEncoded(batch.value.encoded[k]!);
          done++;
          options.onProgress?.(done, todoCount);
        }
      }
      if (options.signal?.aborted === true) break;
    }
  } catch (e) {
    return err(toSddpError(e));
  }
  const valid = Array.from(costs).filter((v) => !Number.isNaN(v));
  const mean = valid.reduce((a, b) => a + b, 0) / Math.max(1, valid.length);
  const variance = valid.reduce((a, b) => a + (b - mean) ** 2, 0) / Math.max(1, valid.length - 1);
  const std = valid.length > 1 ? Math.sqrt(variance) : 0;
  return ok({
    scenarios: n,
    costs,
    meanCost: mean,
    stdCost: std,
    ci95HalfWidth: valid.length > 1 ? (1.96 * std) / Math.sqrt(valid.length) : 0,
    totalTimeMs: performance.now() - started,
    lpSolves: solves,
    simplexIterations,
    solveTimeMs,
  });
}

/**
 * Rows of `simulation/solver/iterations.parquet` and `simulation/solver/retry_histogram.parquet`
 * for scenarios [first, first + count), from the batch's flat per-(scenario, stage) counters.
 */
function solverRows(
  first: number,
  count: number,
  stages: number,
  counters: Float64Array,
  skip: ReadonlySet<number> | undefined,
): { stats: SolverStatsRecord[]; histogram: RetryHistogramRecord[] } {
  const stats: SolverStatsRecord[] = [];
  const histogram: RetryHistogramRecord[] = [];
  const s = new SolveStats();
  for (let k = 0; k < count; k++) {
    if (skip?.has(first + k) === true) continue;
    for (let t = 0; t < stages; t++) {
      s.reset();
      s.addFrom(counters, (k * stages + t) * SOLVE_STATS_WIDTH);
      const scenario = first + k;
      stats.push({
        iteration: scenario,
        phase: "simulation",
        stage: t,
        opening: null,
        rank: null,
        workerId: null,
        lpSolves: s.solves,
        lpSuccesses: s.successes,
        lpRetries: s.retried,
        lpFailures: s.failures,
        retryAttempts: s.retryAttempts,
        basisOffered: 0,
        basisConsistencyFailures: 0,
        simplexIterations: s.simplexIterations,
        solveTimeMs: s.solveTimeMs,
        loadModelTimeMs: 0,
        setBoundsTimeMs: 0,
        basisSetTimeMs: 0,
        basisReconstructions: 0,
      });
      for (let level = 0; level < RETRY_LEVEL_COUNT; level++) {
        const n = s.retryLevels[level]!;
        if (n > 0) histogram.push({ iteration: scenario, phase: "simulation", stage: t, retryLevel: level, count: n });
      }
    }
  }
  return { stats, histogram };
}
