/**
 * `writeResults`: the output counterpart of `loadCase`, in two halves a run calls at
 * different times. `writeTrainingResults` as soon as training ends: dictionaries,
 * training Parquet files, training manifest, metadata, `training/_SUCCESS` (seed §6.1
 * order). `writeSimulationResults` after the streaming writer has put the simulation's
 * partitions on disk: simulation manifest, `simulation/_SUCCESS`. Any failure stops the
 * chain; files already written stay, and without `_SUCCESS` markers (and with the
 * simulation manifest still `running`) the run is recognisably incomplete.
 */
import { join } from "node:path";
import type { Config, Constraints, System } from "@cobre/core";
import { ok, type Result } from "@cobre/core";
import { ensureDir, writeFileAtomic, writeJsonAtomic } from "./fs/atomic-write";
import { xxhash64Hex } from "./fs/checksum";
import { writeDictionaries } from "./dictionaries/index";
import type { OutputError } from "./errors";
import { writeSimulationManifest, writeTrainingManifest } from "./manifest/io";
import { buildMetadata } from "./training/metadata";
import { compressionFromConfig, type ParquetWriterConfig } from "./parquet/encode";
import { policyHashes } from "./training/policy-hashes";
import { CONVERGENCE_SCHEMA } from "./schemas/index";
import { buildTrainingManifest } from "./training/manifest-build";
import type { SimulationOutput, TrainingOutput } from "./training/types";
import { TrainingParquetWriter } from "./training/writer";

export const SUCCESS_MARKER = "_SUCCESS";

export interface WriteResultsOptions {
  /** Stage bound overrides for `bounds.parquet`. */
  readonly constraints?: Constraints;
  /** Overrides the Parquet settings derived from `config.exports.compression`. */
  readonly parquet?: ParquetWriterConfig;
  /**
   * Write the training Parquet files (convergence, timing, …); default
   * `config.exports.training`. The manifest and metadata are written either way.
   */
  readonly trainingFiles?: boolean;
}

/** What was written, for logs and the CLI summary. */
export interface WriteResultsSummary {
  readonly trainingFiles: readonly string[];
  readonly trainingStatus: string;
  readonly simulationStatus: string | null;
  readonly ioWriteSeconds: number;
}

async function writeTrainingFiles(
  outputDir: string,
  training: TrainingOutput,
  parquet: ParquetWriterConfig,
): Promise<Result<ReadonlyMap<string, Uint8Array>, OutputError>> {
  const writer = await TrainingParquetWriter.create(outputDir, parquet);
  if (!writer.ok) return writer;
  const w = writer.value;
  for (const record of training.iterations) {
    const r = w.writeIteration(record);
    if (!r.ok) return r;
  }
  const ranks = w.writeRankTiming(training.rankTimings);
  if (!ranks.ok) return ranks;
  w.writeSolverStats(training.solverStats ?? []);
  w.writeRetryHistogram(training.retryHistogram ?? []);
  w.writeCutSelection(training.cutSelection ?? []);
  const files = await w.finalize();
  return files.ok ? ok(files.value.written) : files;
}

/** What `writeTrainingResults` wrote. */
export interface TrainingResultsSummary {
  readonly trainingFiles: readonly string[];
  readonly trainingStatus: string;
  readonly ioWriteSeconds: number;
}

/**
 * Writes the training side of a run as soon as training ends, before any simulation:
 * dictionaries, training Parquet files, `training/_manifest.json`, `training/metadata.json`
 * and, unless the training was interrupted (manifest `running`), `training/_SUCCESS`. The
 * policy checkpoint must already be on disk (its hashes go into the manifest). A run
 * killed during the simulation that follows keeps this record whole.
 */
export async function writeTrainingResults(
  outputDir: string,
  training: TrainingOutput,
  system: System,
  config: Config,
  options: WriteResultsOptions = {},
): Promise<Result<TrainingResultsSummary, OutputError>> {
  const t0 = performance.now();
  const parquet = options.parquet ?? { compression: compressionFromConfig(config.exports.compression) };
  const made = await ensureDir(join(outputDir, "training"));
  if (!made.ok) return made;
  const dicts = await writeDictionaries(outputDir, system, config, {
    inflowLagOrders: training.inflowLagOrders,
    lagAccumulator: training.lagAccumulator ?? false,
    constraints: options.constraints,
  });
  if (!dicts.ok) return dicts;
  const files =
    (options.trainingFiles ?? config.exports.training)
      ? await writeTrainingFiles(outputDir, training, parquet)
      : ok(new Map<string, Uint8Array>());
  if (!files.ok) return files;
  const convergenceBytes = files.value.get(CONVERGENCE_SCHEMA.path);
  const policy = await policyHashes(outputDir);
  if (!policy.ok) return policy;
  const manifest = buildTrainingManifest(training, config, {
    policy: policy.value.xxhash64,
    convergence: convergenceBytes === undefined ? null : await xxhash64Hex(convergenceBytes),
  });
  const wroteManifest = await writeTrainingManifest(outputDir, manifest);
  if (!wroteManifest.ok) return wroteManifest;
  const ioWriteSeconds = (performance.now() - t0) / 1000;
  const metadata = buildMetadata({
    training,
    system,
    config,
    policyHash: policy.value.sha256,
    ioWriteSeconds,
  });
  const wroteMeta = await writeJsonAtomic(join(outputDir, "training", "metadata.json"), metadata);
  if (!wroteMeta.ok) return wroteMeta;
  if (manifest.status !== "running") {
    const marker = await writeFileAtomic(join(outputDir, "training", SUCCESS_MARKER), "");
    if (!marker.ok) return marker;
  }
  return ok({ trainingFiles: [...files.value.keys()], trainingStatus: manifest.status, ioWriteSeconds });
}

/**
 * Writes every output artifact of a finished run under `outputDir`: the training side
 * (`writeTrainingResults`), then the simulation side (`writeSimulationResults`).
 */
export async function writeResults(
  outputDir: string,
  training: TrainingOutput,
  simulation: SimulationOutput | undefined,
  system: System,
  config: Config,
  options: WriteResultsOptions = {},
): Promise<Result<WriteResultsSummary, OutputError>> {
  const t = await writeTrainingResults(outputDir, training, system, config, options);
  if (!t.ok) return t;
  if (simulation === undefined) return ok({ ...t.value, simulationStatus: null });
  const s = await writeSimulationResults(outputDir, simulation, system, config, {
    inflowLagOrders: training.inflowLagOrders,
    lagAccumulator: training.lagAccumulator ?? false,
    ...(options.constraints === undefined ? {} : { constraints: options.constraints }),
  });
  if (!s.ok) return s;
  return ok({ ...t.value, simulationStatus: simulation.manifest.status });
}

/** What a simulation-only run needs besides the simulation: the dictionaries' state layout. */
export interface WriteSimulationResultsOptions {
  /** AR order per hydro id, for the inflow-lag states of `state_dictionary.json`. */
  readonly inflowLagOrders?: ReadonlyMap<number, number>;
  readonly lagAccumulator?: boolean;
  readonly constraints?: Constraints;
}

/**
 * The simulation side of a run, once the streaming writer has put every partition on
 * disk — after `writeTrainingResults` in a run that trains, alone in a simulation-only
 * run (`training.enabled: false`, a saved policy simulated): the dictionaries (derived from the case alone, so rewriting them beside an
 * earlier training run changes nothing), the simulation manifest and its `_SUCCESS`
 * marker. The training manifest, metadata and Parquet files are left as they are: they
 * describe the run that trained the policy.
 */
export async function writeSimulationResults(
  outputDir: string,
  simulation: SimulationOutput,
  system: System,
  config: Config,
  options: WriteSimulationResultsOptions = {},
): Promise<Result<void, OutputError>> {
  const dicts = await writeDictionaries(outputDir, system, config, {
    ...(options.inflowLagOrders === undefined ? {} : { inflowLagOrders: options.inflowLagOrders }),
    lagAccumulator: options.lagAccumulator ?? false,
    constraints: options.constraints,
  });
  if (!dicts.ok) return dicts;
  const wroteSim = await writeSimulationManifest(outputDir, simulation.manifest);
  if (!wroteSim.ok) return wroteSim;
  if (simulation.manifest.status !== "complete") return ok(undefined);
  return writeFileAtomic(join(outputDir, "simulation", SUCCESS_MARKER), "");
}
