/**
 * `runStudy()`: the whole job of `cobre run` — check the output location, train, write
 * the policy checkpoint and the training outputs (manifest, metadata, convergence,
 * dictionaries: durable before the simulation starts), then simulate while streaming
 * scenarios to the Parquet writer (resuming an interrupted simulation) and close the
 * simulation outputs.
 */
import type { StageBasisData } from "@cobre/io";
import path from "node:path";
import type { Case, Result } from "@cobre/core";
import { COBRE_VERSION, err, ok } from "@cobre/core";
import {
  type OutputError,
  type SimulationOutput,
  SimulationParquetWriter,
  checkOutputLocation,
  formatBytes,
  openOutputDirectory,
  policyDirectoryIn,
  writeSimulationResults,
  writeStochasticArtifacts,
  writeTrainingResults,
} from "@cobre/io";
import { type CobreProgressEvent, trainingProgress } from "../api/progress";
import type { CutPool } from "../cuts/cut-pool";
import {
  type PolicyCuts,
  type SimulateOptions,
  type SimulationSummary,
  simulate,
  simulateOnTrainingWorkers,
} from "../simulation/simulate";
import type { ExecutorFactory } from "../parallel/executor";
import { stochasticArtifacts } from "../scenario/stochastic-export";
import { type TrainOptions, type TrainingOutcome, type TrainingWorkers, trainKeepingWorkers } from "../training/train";
import {
  type CheckpointError,
  TRAINING_STATE_FILE,
  readTrainingCheckpoint,
  writeTrainingCheckpoint,
} from "../training/training-checkpoint";
import type { EngineWarning } from "../warnings";
import type { SddpError } from "../errors";
import { checkPolicyCompatibility, policyDirectory } from "./policy-source";
import { prepareStudy } from "./prepare-study";
import { type RunError, fromCheckpoint, fromIncompatible, fromOutput, fromPolicy, fromSddp } from "./run-errors";
import { writeStudyDiagnostics } from "./study-diagnostics";
import { trainingOutputOf } from "./training-output";
import { Policy } from "../policy";

/**
 * What a run reports while it works: the training and simulation events of the public
 * API, plus the writing phases of a study.
 */
export type ProgressEvent = CobreProgressEvent | { readonly phase: "writing"; readonly what: string };

export interface RunStudyOptions {
  readonly outputDir: string;
  /**
   * Where the checkpoint to resume is — a policy directory, or an output directory with
   * `policy/` in it (default: `<outputDir>/<policy.path>`); used with `policy.mode: resume`.
   */
  readonly resumeFrom?: string;
  readonly numWorkers?: number;
  /** Builds the executors of training and simulation instead of local ones (see `TrainOptions.executor`). */
  readonly executor?: ExecutorFactory;
  /** Stops training at the next iteration boundary, or the simulation after the scenarios in flight. */
  readonly signal?: AbortSignal;
  readonly onProgress?: (event: ProgressEvent) => void;
  /** Called as soon as the run raises a warning (they are also in the summary). */
  readonly onWarning?: (warning: RunWarning) => void;
}

/** A warning of the run itself (low disk space, a resume without training state). */
export type RunWarning = EngineWarning;

/** The saved policy a simulation-only run (`training.enabled: false`) simulated. */
export interface LoadedPolicy {
  /** The policy directory read: `<output>/<policy.path>`. */
  readonly path: string;
  readonly pools: readonly CutPool[];
  /** Its bases (`policy/basis/`), when it has them: the simulation starts from them. */
  readonly bases: readonly StageBasisData[];
  /** From the policy metadata (0 when it has none). */
  readonly completedIterations: number;
  readonly finalLowerBound: number;
}

export interface RunSummary {
  readonly outputDir: string;
  /** null when training was off (`training.enabled: false`): see `loadedPolicy`. */
  readonly training: TrainingOutcome | null;
  /** The policy simulated without training, or null when this run trained. */
  readonly loadedPolicy: LoadedPolicy | null;
  /** What the run itself noticed (e.g. a resume without training state); engine warnings are in `training`. */
  readonly warnings: readonly EngineWarning[];
  readonly simulation: SimulationSummary | null;
  /** Scenarios kept from an interrupted earlier run. */
  readonly resumedScenarios: number;
  /** Stopped by the signal: in training (outputs consistent up to the last iteration) or in simulation (resumable). */
  readonly interrupted: boolean;
}

/** Progress callback of a simulation started at `started` (performance.now()). */
function simulationProgress(
  emit: (event: ProgressEvent) => void,
  started: number,
): (done: number, todo: number) => void {
  return (done, todo) =>
    emit({
      phase: "simulation",
      iteration: null,
      scenariosComplete: done,
      scenariosTotal: todo,
      wallTimeMs: performance.now() - started,
      workerId: null,
    });
}

/**
 * A lower bound on the bytes of the policy checkpoint this run will write: every stage
 * holds at most iteration limit × forward passes cuts of (state dimension + 1) doubles plus
 * their fixed fields, and the state dimension is at least one storage per hydro. Null
 * without an iteration limit (nothing bounds the cut count) or without training.
 */
function policySizeLowerBound(c: Case): number | null {
  const limits = c.config.training.stoppingRules.flatMap((r) => (r.type === "iteration_limit" ? [r.limit] : []));
  if (limits.length === 0 || !c.config.exports.cuts || !c.config.training.enabled) return null;
  const cutsPerStage = Math.min(...limits) * c.config.training.forwardPasses;
  const stateDim = c.system.hydros.length;
  const perCut = 8 * (stateDim + 1) + 32;
  const states = c.config.exports.states ? 8 * stateDim : 0;
  return c.system.stages.length * cutsPerStage * (perCut + states);
}

/**
 * Runs a study end to end into `options.outputDir`: checks the output location, trains,
 * writes the training outputs (durable before simulation starts), then simulates and
 * closes the simulation outputs.
 *
 * @example
 * ```ts
 * const loaded = await loadCase("examples/hydro-tiny");
 * if (loaded.ok) await runStudy(loaded.value, { outputDir: "out", onProgress: console.log });
 * ```
 */
export async function runStudy(c: Case, options: RunStudyOptions): Promise<Result<RunSummary, RunError>> {
  const { outputDir } = options;
  const workers = Math.max(1, Math.floor(options.numWorkers ?? 1));
  const startedAt = new Date().toISOString();
  let checkpointError: CheckpointError | undefined;
  const emit = options.onProgress ?? (() => {});
  const warnings: EngineWarning[] = [];
  // Cobre reads and writes the policy at <output>/<policy.path> (default <output>/policy).
  const policyDir = policyDirectory(c, outputDir);

  // The output location first: a file in the way, an unwritable or uncreatable directory
  // fails now rather than after training; too little space for the policy is a warning.
  const required = policySizeLowerBound(c);
  const where = await checkOutputLocation(outputDir, required === null ? {} : { requiredBytes: required });
  if (!where.ok) return err(fromOutput(where.error));
  if (where.value.lowSpace !== null) {
    const { requiredBytes, freeBytes } = where.value.lowSpace;
    const warning: RunWarning = {
      kind: "LowDiskSpace",
      message: `${where.value.outputDir} has ${formatBytes(freeBytes)} free; the policy alone needs at least ${formatBytes(requiredBytes)} (estimate), so the run may fail when it writes it`,
      context: { path: where.value.outputDir, freeBytes, requiredBytes },
    };
    warnings.push(warning);
    options.onWarning?.(warning);
  }
  // From here on the directory holds a run in progress: an older run's markers and
  // finished manifests there must not vouch for this one (nor for a policy found damaged
  // below). A simulation-only run keeps the training record it simulates.
  if (c.config.training.enabled) {
    const opened = await openOutputDirectory(outputDir);
    if (!opened.ok) return err(fromOutput(opened.error));
  }

  // The stage LPs, built once here for what is written before training (scaling report,
  // fitted FPHA planes) and for checking a loaded policy against the case.
  const prepared = prepareStudy(c);
  if (!prepared.ok) return err(fromSddp(prepared.error));
  const study = prepared.value;
  const stateDims = study.templates.map((t) => t.layout.stateDim);
  const diagnostics = await writeStudyDiagnostics(c, study, outputDir);
  if (!diagnostics.ok) return err(fromOutput(diagnostics.error));

  // Policy modes: fresh, warm_start (start from the cuts at `policy.path`), resume
  // (continue the checkpoint at `policy.path` exactly where it stopped). Without training
  // (`training.enabled: false`) the policy at `policy.path` is simulated as it is.
  let initial: TrainOptions["initial"];
  let loadedPolicy: LoadedPolicy | null = null;
  let resumedBounds: { finalLowerBound: number; bestUpperBound: number | null } | undefined;
  const mode = c.config.policy.mode;
  if (!c.config.training.enabled) {
    const policy = await Policy.load(policyDir);
    if (!policy.ok)
      return err(
        fromPolicy(policy.error, "Simulating without training needs a trained policy at <output>/<policy.path>."),
      );
    const fits = checkPolicyCompatibility(c, policy.value, stateDims, policyDir);
    if (!fits.ok) return err(fromIncompatible(fits.error));
    loadedPolicy = {
      path: policyDir,
      pools: policy.value.pools,
      bases: policy.value.bases,
      completedIterations: policy.value.metadata?.completedIterations ?? 0,
      finalLowerBound: policy.value.metadata?.finalLowerBound ?? Number.NaN,
    };
  } else if (mode === "resume") {
    const checkpoint = await readTrainingCheckpoint(
      options.resumeFrom === undefined ? policyDir : await policyDirectoryIn(options.resumeFrom),
    );
    if (!checkpoint.ok) return err(fromCheckpoint(checkpoint.error));
    const r = checkpoint.value;
    const fits = checkPolicyCompatibility(c, { pools: r.pools, metadata: r.metadata }, stateDims, r.policyDir);
    if (!fits.ok) return err(fromIncompatible(fits.error));
    if (r.startsAfresh.length > 0) {
      warnings.push({
        kind: "ResumeWithoutTrainingState",
        message: `resuming from ${r.policyDir} without ${TRAINING_STATE_FILE}: cuts${r.visited.some((v) => v.size > 0) ? " and visited states" : ""} restored, iterations continue after ${r.iteration}; starting afresh: ${r.startsAfresh.join("; ")}`,
        context: { path: r.policyDir, completedIterations: r.iteration, startsAfresh: r.startsAfresh.join("; ") },
      });
    }
    initial = {
      pools: r.pools,
      history: r.history,
      visited: r.visited,
      iteration: r.iteration,
      bases: r.bases,
      rawBases: r.rawBases,
    };
    resumedBounds = { finalLowerBound: r.metadata.finalLowerBound, bestUpperBound: r.metadata.bestUpperBound };
  } else if (mode === "warm_start") {
    const policy = await Policy.load(policyDir);
    if (!policy.ok) return err(fromPolicy(policy.error, "A warm start reads the policy at <output>/<policy.path>."));
    const fits = checkPolicyCompatibility(c, policy.value, stateDims, policyDir);
    if (!fits.ok) return err(fromIncompatible(fits.error));
    initial = { pools: policy.value.pools, bases: policy.value.bases };
  }

  // Boundary cuts come from another policy: a damaged one fails here, before any work,
  // with the policy error (exit 2) rather than later as an option error.
  if (c.config.training.enabled && c.config.policy.boundary !== null) {
    const boundaryDir = path.resolve(outputDir, c.config.policy.boundary.path);
    const boundary = await Policy.load(boundaryDir);
    if (!boundary.ok) {
      const e = fromPolicy(boundary.error);
      return err({ ...e, context: { ...e.context, field: "policy.boundary" } });
    }
  }

  // exports.stochastic: the stochastic model, written before training begins.
  if (c.config.exports.stochastic) {
    emit({ phase: "writing", what: "stochastic artifacts" });
    const artifacts = stochasticArtifacts(c);
    if (!artifacts.ok) return err(fromSddp(artifacts.error));
    const exported = await writeStochasticArtifacts(outputDir, artifacts.value, {
      parquet: { compression: c.config.exports.compression ?? "zstd" },
    });
    if (!exported.ok) return err(fromOutput(exported.error));
  }

  const willSimulate = c.config.simulation.enabled && c.config.simulation.numScenarios > 0;
  let kept: TrainingWorkers | null = null;
  try {
    let t: TrainingOutcome | null = null;
    if (loadedPolicy === null) {
      const trained = await trainKeepingWorkers(c, {
        numWorkers: workers,
        ...(options.executor === undefined ? {} : { executor: options.executor }),
        policyBaseDir: outputDir,
        ...(initial === undefined ? {} : { initial }),
        onCheckpoint: async (snapshot) => {
          emit({ phase: "writing", what: `checkpoint at iteration ${snapshot.iteration}` });
          const saved = await writeTrainingCheckpoint(
            policyDir,
            c,
            resumedBounds === undefined ? snapshot : { ...snapshot, before: resumedBounds },
            COBRE_VERSION,
          );
          if (!saved.ok) checkpointError = saved.error;
        },
        ...(options.signal === undefined ? {} : { signal: options.signal }),
        onIteration: (r) => emit(trainingProgress(r)),
      });
      if (!trained.ok) return err(fromSddp(trained.error));
      t = trained.value.outcome;
      // The simulation goes on with the training's workers (threads started, stage LPs
      // built) where they can serve it: not another machine's, and not the in-thread core
      // when the outputs want the partitions encoded beside a solving thread (see
      // `simulate`). Otherwise they stop now.
      const w = trained.value.workers;
      const serves = w.kind === "threads" || (w.kind === "inThread" && !c.config.exports.simulation);
      if (willSimulate && serves && t.terminationReason !== "shutdown") kept = w;
      else await w.executor.close();
    }
    const interrupted = t?.terminationReason === "shutdown";

    if (checkpointError !== undefined) return err(fromCheckpoint(checkpointError));
    // exports.cuts: the policy checkpoint (cuts, and states with exports.states).
    if (t !== null && c.config.exports.cuts) {
      emit({ phase: "writing", what: "policy" });
      const policy = await writeTrainingCheckpoint(
        policyDir,
        c,
        {
          iteration: t.history[t.history.length - 1]?.iteration ?? initial?.iteration ?? 0,
          pools: t.pools,
          history: t.history,
          visited: t.visited,
          seed: t.seed,
          ...(resumedBounds === undefined ? {} : { before: resumedBounds }),
          bases: t.bases,
          rawBases: t.rawBases,
        },
        COBRE_VERSION,
      );
      if (!policy.ok) return err(fromCheckpoint(policy.error));
    }
    // The training's bases only where policy/basis/ keeps them, so that simulating the saved
    // policy later gives the same costs; otherwise simulate() derives them from the cuts.
    const cuts: PolicyCuts =
      t === null ? loadedPolicy! : c.config.policy.checkpointing.storeBasis ? t : { pools: t.pools };

    // The training record is made durable now, before simulating: a run that dies during
    // the simulation keeps its convergence, timing, dictionaries and metadata.
    if (t !== null) {
      emit({ phase: "writing", what: "training results" });
      const trainingWritten = await writeTrainingResults(
        outputDir,
        await trainingOutputOf(c, t, startedAt, workers),
        c.system,
        c.config,
        { constraints: c.constraints },
      );
      if (!trainingWritten.ok) return err(fromOutput(trainingWritten.error));
    }

    let simulation: SimulationSummary | null = null;
    let simulationOutput: SimulationOutput | undefined;
    let resumedScenarios = 0;
    const runSimulation = c.config.simulation.enabled && !interrupted && c.config.simulation.numScenarios > 0;
    if (runSimulation && !c.config.exports.simulation) {
      // exports.simulation false: simulate for the cost statistics, write no per-entity files.
      const started = performance.now();
      const sim = await simulateWith(kept, c, cuts, {
        numScenarios: c.config.simulation.numScenarios,
        numWorkers: workers,
        ...(options.executor === undefined ? {} : { executor: options.executor }),
        ...(options.signal === undefined ? {} : { signal: options.signal }),
        onProgress: simulationProgress(emit, started),
      });
      if (!sim.ok) return err(fromSddp(sim.error));
      simulation = sim.value;
    } else if (runSimulation) {
      const total = c.config.simulation.numScenarios;
      const parquet = { compression: c.config.exports.compression ?? "zstd" } as const;
      const writer = await SimulationParquetWriter.create(outputDir, {
        system: c.system,
        totalScenarios: total,
        parquet,
        ioChannelCapacity: c.config.simulation.ioChannelCapacity,
        distribution: {
          backend: workers > 1 ? "worker_threads" : "local",
          world_size: workers,
          ranks_participated: workers,
          num_nodes: 1,
          threads_per_rank: 1,
          mpi_library: null,
          mpi_standard: null,
          thread_level: null,
          slurm_job_id: null,
        },
      });
      if (!writer.ok) return err(fromOutput(writer.error));
      const w = writer.value;
      resumedScenarios = w.resume.completedScenarios.length;
      let writeError: OutputError | undefined;
      const abort = new AbortController();
      options.signal?.addEventListener("abort", () => abort.abort());
      const started = performance.now();
      const sim = await simulateWith(kept, c, cuts, {
        numScenarios: total,
        numWorkers: workers,
        ...(options.executor === undefined ? {} : { executor: options.executor }),
        skip: new Set(w.resume.completedScenarios),
        signal: abort.signal,
        // Partitions are encoded in the workers; this thread only writes bytes.
        output: {
          parquet,
          onEncoded: async (scenario) => {
            if (writeError !== undefined) return;
            const r = await w.writeScenario(scenario);
            if (!r.ok) {
              writeError = r.error;
              abort.abort();
            }
          },
        },
        onSolverStats: (rows, histogram) => w.writeSolverStats(rows, histogram),
        onProgress: simulationProgress(emit, started),
      });
      if (writeError !== undefined) return err(fromOutput(writeError));
      // The solver files exist even when every scenario was resumed.
      if (sim.ok) w.writeSolverStats([]);
      // Drains the queue and checkpoints a `running` manifest, whatever happens next: a
      // failed or interrupted simulation stays resumable.
      const manifest = await w.finalize();
      if (!sim.ok) return err(fromSddp(sim.error));
      if (!manifest.ok) return err(fromOutput(manifest.error));
      simulation = sim.value;
      const valid = Array.from(sim.value.costs).filter((v) => !Number.isNaN(v));
      simulationOutput = {
        manifest: manifest.value,
        ...(valid.length > 0 ? { costStatistics: { mean: sim.value.meanCost, std: sim.value.stdCost } } : {}),
      };
    }

    // Stopped by the signal during the simulation: its manifest stays `running` (resumable).
    const simulationStopped = simulation !== null && options.signal?.aborted === true;
    if (simulationOutput !== undefined && !simulationStopped) {
      emit({ phase: "writing", what: "simulation results" });
      const lags = t === null ? study.inputs.inflowLagSlots : t.lagLayout.inflowLagSlots;
      const written = await writeSimulationResults(outputDir, simulationOutput, c.system, c.config, {
        inflowLagOrders: new Map(c.system.hydros.map((h) => [h.id, lags])),
        lagAccumulator: t === null ? study.inputs.lagOrder > study.inputs.inflowLagSlots : t.lagLayout.accumulator,
        constraints: c.constraints,
      });
      if (!written.ok) return err(fromOutput(written.error));
    }
    return ok({
      outputDir,
      training: t,
      loadedPolicy,
      simulation,
      resumedScenarios,
      interrupted: interrupted || options.signal?.aborted === true,
      warnings,
    });
  } finally {
    await kept?.executor.close();
  }
}

/** Simulates on the training's workers when this run kept them, else on workers of its own. */
function simulateWith(
  kept: TrainingWorkers | null,
  c: Case,
  policy: PolicyCuts,
  options: SimulateOptions,
): Promise<Result<SimulationSummary, SddpError>> {
  if (kept === null) return simulate(c, policy, options);
  const { numWorkers: _workers, executor: _executor, ...rest } = options;
  return simulateOnTrainingWorkers(c, kept, policy, rest);
}
