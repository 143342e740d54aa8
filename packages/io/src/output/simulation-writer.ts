/**
 * `SimulationParquetWriter`: streams per-scenario simulation results to Hive-partitioned
 * Parquet (`simulation/{entity}/scenario_id=NNNN/data.parquet`). Producers hand results to
 * a bounded queue (`ioChannelCapacity`, default 64); one consumer encodes and writes them
 * in arrival order, each file atomically. The running manifest is checkpointed every few
 * scenarios so a crashed run can resume; `finalize` returns the final manifest.
 */
import { rm } from "node:fs/promises";
import { join } from "node:path";
import type { System } from "@cobre/core";
import { err, ok, type Result } from "@cobre/core";
import { buildTable } from "./arrow-columns";
import { ensureDir, writeFileAtomic } from "./atomic-write";
import { blockHours, type BlockHours } from "./block-hours";
import { BoundedQueue } from "./bounded-queue";
import { xxhash64Hex } from "./checksum";
import { ioError, schemaError, type OutputError } from "./errors";
import { readManifest, writeSimulationManifest } from "./manifest-io";
import { localDistribution, type DistributionInfo, type SimulationManifest } from "./manifest-types";
import { encodeParquet, type ParquetWriterConfig } from "./parquet-encode";
import { expectedEntities, partitionFile, RESULT_KEY, SIMULATION_DIR, SPARSE_ENTITIES } from "./partition-layout";
import { SIMULATION_ENTITIES, SIMULATION_SCHEMAS, type SimulationEntity } from "./schemas/index";
import { familyColumns } from "./simulation-columns";
import { buildSimulationManifest } from "./simulation-manifest-build";
import { removeTmpFiles, scanSimulationDir } from "./simulation-recovery";
import type { SimulationScenarioResult } from "./simulation-result";

export const DEFAULT_IO_CHANNEL_CAPACITY = 64;
const DEFAULT_CHECKPOINT_EVERY = 16;

export interface SimulationWriterOptions {
  /** Entity metadata: which families exist, block hours, line losses, GNL flags. */
  readonly system: System;
  /** Scenarios the run will simulate (`scenarios.total` in the manifest). */
  readonly totalScenarios: number;
  /** Bounded queue capacity (`simulation.ioChannelCapacity`). Default 64. */
  readonly ioChannelCapacity?: number;
  readonly parquet?: ParquetWriterConfig;
  /** Recorded in the manifest. Default: one local process with one thread. */
  readonly distribution?: DistributionInfo;
  /**
   * Resume a previous run whose manifest says `running` (or is unreadable), keeping its
   * verified partitions. Default true. With false, or any other status, old partitions
   * are removed and the run starts fresh.
   */
  readonly resume?: boolean;
  /** Rewrite the `running` manifest after this many completed scenarios. Default 16. */
  readonly checkpointEvery?: number;
}

/** What `create` found on disk. */
export interface ResumeReport {
  /** True when an interrupted run was found and its complete scenarios are kept. */
  readonly resumed: boolean;
  /** True when the old manifest was unreadable and the state came from the partition listing. */
  readonly manifestRebuilt: boolean;
  /** Scenarios already complete (verified), ascending. */
  readonly completedScenarios: readonly number[];
  /** Scenarios in `0..totalScenarios-1` still to simulate, ascending. */
  readonly missingScenarios: readonly number[];
  /** Stray `.tmp` files deleted. */
  readonly removedTmpFiles: readonly string[];
}

export class SimulationParquetWriter {
  readonly #simDir: string;
  readonly #entities: readonly SimulationEntity[];
  readonly #system: System;
  readonly #hours: BlockHours;
  readonly #options: SimulationWriterOptions;
  readonly #queue: BoundedQueue<SimulationScenarioResult>;
  readonly #completed: Set<number>;
  readonly #failed = new Set<number>();
  readonly #checksums: Map<string, string>;
  readonly #startedAt: string;
  readonly #distribution: DistributionInfo;
  #error: OutputError | null = null;
  #sinceCheckpoint = 0;
  #pending = 0;
  #idleWaiters: (() => void)[] = [];
  #finalized = false;
  readonly #loop: Promise<void>;
  /** What was found on disk at creation. */
  readonly resume: ResumeReport;

  private constructor(outputDir: string, options: SimulationWriterOptions, resume: ResumeReport, init: InitState) {
    this.#simDir = join(outputDir, SIMULATION_DIR);
    this.#system = options.system;
    this.#entities = expectedEntities(options.system);
    this.#hours = blockHours(options.system);
    this.#options = options;
    this.#queue = new BoundedQueue(options.ioChannelCapacity ?? DEFAULT_IO_CHANNEL_CAPACITY);
    this.#completed = new Set(resume.completedScenarios);
    this.#checksums = new Map(Object.entries(init.checksums));
    this.#startedAt = init.startedAt;
    this.#distribution = options.distribution ?? localDistribution();
    this.resume = resume;
    this.#loop = this.#consume();
  }

  /**
   * Prepares `outputDir/simulation/` (creating it), recovers or clears a previous run, and
   * writes a `running` manifest. `IoError` when the directory cannot be created or written.
   */
  static async create(
    outputDir: string,
    options: SimulationWriterOptions,
  ): Promise<Result<SimulationParquetWriter, OutputError>> {
    const simDir = join(outputDir, SIMULATION_DIR);
    const made = await ensureDir(simDir);
    if (!made.ok) return made;
    const init = await prepareDirectory(outputDir, simDir, options);
    if (!init.ok) return init;
    const writer = new SimulationParquetWriter(outputDir, options, init.value.report, init.value);
    const checkpoint = await writer.#checkpoint();
    if (!checkpoint.ok) return checkpoint;
    return ok(writer);
  }

  /** Scenarios fully written so far (including resumed ones), ascending. */
  get completedScenarios(): readonly number[] {
    return [...this.#completed].sort((a, b) => a - b);
  }

  /** The first write failure, if any: once set, the writer accepts nothing more. */
  get error(): OutputError | null {
    return this.#error;
  }

  /**
   * Queues one scenario. Resolves when the queue has accepted it (waiting while the queue
   * is full — backpressure), not when it is on disk. Returns the writer's error if an
   * earlier write failed. The result's arrays must not be mutated afterwards.
   */
  async writeScenario(result: SimulationScenarioResult): Promise<Result<void, OutputError>> {
    if (this.#finalized) throw new Error("SimulationParquetWriter: writeScenario after finalize");
    if (this.#error !== null) return err(this.#error);
    if (!Number.isInteger(result.scenarioId) || result.scenarioId < 0) {
      return err(schemaError("simulation", "scenario_id", `invalid scenario id ${result.scenarioId}`));
    }
    this.#pending++;
    const accepted = await this.#queue.push(result);
    if (!accepted) this.#settle();
    return this.#error === null ? ok(undefined) : err(this.#error);
  }

  /** Records a scenario the engine could not simulate (`scenarios.failed`). */
  markFailed(scenarioId: number): void {
    this.#failed.add(scenarioId);
  }

  /** Waits until every accepted scenario is on disk; returns the writer's error if any. */
  async flush(): Promise<Result<void, OutputError>> {
    if (this.#pending > 0) await new Promise<void>((resolve) => this.#idleWaiters.push(resolve));
    return this.#error === null ? ok(undefined) : err(this.#error);
  }

  /**
   * Drains the queue, writes a last `running` checkpoint and returns the final manifest
   * (`complete` when every scenario is written, else `partial`). The manifest is not
   * written here: `writeSimulationManifest` / `writeResults` do that once all is done, so
   * an interrupted run is still seen as `running`.
   */
  async finalize(): Promise<Result<SimulationManifest, OutputError>> {
    this.#finalized = true;
    this.#queue.close();
    await this.#loop;
    const checkpoint = await this.#checkpoint();
    if (this.#error !== null) return err(this.#error);
    if (!checkpoint.ok) return checkpoint;
    const done = this.#completed.size >= this.#options.totalScenarios && this.#failed.size === 0;
    return ok(await this.#manifest(done ? "complete" : "partial", new Date().toISOString()));
  }

  #manifest(status: SimulationManifest["status"], completedAt: string | null): Promise<SimulationManifest> {
    return buildSimulationManifest({
      status,
      startedAt: this.#startedAt,
      completedAt,
      totalScenarios: this.#options.totalScenarios,
      completed: this.#completed,
      failed: this.#failed,
      checksums: this.#checksums,
      distribution: this.#distribution,
    });
  }

  async #checkpoint(): Promise<Result<void, OutputError>> {
    this.#sinceCheckpoint = 0;
    return writeSimulationManifest(join(this.#simDir, ".."), await this.#manifest("running", null));
  }

  #settle(): void {
    this.#pending--;
    if (this.#pending === 0) for (const wake of this.#idleWaiters.splice(0)) wake();
  }

  async #consume(): Promise<void> {
    for (;;) {
      const result = await this.#queue.take();
      if (result === undefined) return;
      // After a failure the queue is drained without writing, so producers never hang.
      if (this.#error === null) {
        const written = await this.#writeOne(result);
        if (!written.ok) this.#error = written.error;
      }
      this.#settle();
    }
  }

  async #writeOne(result: SimulationScenarioResult): Promise<Result<void, OutputError>> {
    const id = result.scenarioId;
    this.#completed.delete(id);
    for (const entity of this.#entities) {
      const rel = partitionFile(entity, id);
      const family = result[RESULT_KEY[entity]] as Readonly<Record<string, unknown>> | undefined;
      if (family === undefined && !SPARSE_ENTITIES.has(entity)) {
        return err(schemaError(rel, "*", `scenario ${id} has no '${RESULT_KEY[entity]}' but the system has them`));
      }
      const schema = SIMULATION_SCHEMAS[entity];
      const ctx = { system: this.#system, hours: this.#hours, file: rel };
      const cols = familyColumns(schema, entity, family, ctx);
      if (!cols.ok) return cols;
      const table = buildTable(schema, cols.value.columns, cols.value.length, rel);
      if (!table.ok) return table;
      const bytes = encodeParquet(schema, table.value, this.#options.parquet);
      if (!bytes.ok) return bytes;
      const written = await writeFileAtomic(join(this.#simDir, rel), bytes.value);
      if (!written.ok) return written;
      this.#checksums.set(rel, await xxhash64Hex(bytes.value));
    }
    this.#completed.add(id);
    this.#failed.delete(id);
    if (++this.#sinceCheckpoint >= (this.#options.checkpointEvery ?? DEFAULT_CHECKPOINT_EVERY)) {
      return this.#checkpoint();
    }
    return ok(undefined);
  }
}

interface InitState {
  readonly report: ResumeReport;
  readonly checksums: Readonly<Record<string, string>>;
  readonly startedAt: string;
}

/** Decides resume vs fresh start and brings the directory into a consistent state. */
async function prepareDirectory(
  outputDir: string,
  simDir: string,
  options: SimulationWriterOptions,
): Promise<Result<InitState, OutputError>> {
  const previous = await readManifest(outputDir, "simulation");
  const missingFile = !previous.ok && previous.error.kind === "IoError" && previous.error.code === "ENOENT";
  const corrupt = !previous.ok && !missingFile;
  const interrupted = previous.ok && previous.value.status === "running";
  const now = new Date().toISOString();
  const entities = expectedEntities(options.system);
  if ((options.resume ?? true) && (interrupted || corrupt)) {
    const manifest = previous.ok ? previous.value : null;
    const scan = await scanSimulationDir(simDir, entities, manifest);
    if (!scan.ok) return scan;
    const done = new Set(scan.value.completedScenarios);
    const missing = Array.from({ length: options.totalScenarios }, (_, i) => i).filter((i) => !done.has(i));
    return ok({
      report: {
        resumed: true,
        manifestRebuilt: corrupt,
        completedScenarios: scan.value.completedScenarios,
        missingScenarios: missing,
        removedTmpFiles: scan.value.removedTmpFiles,
      },
      checksums: scan.value.checksums,
      startedAt: manifest?.started_at ?? now,
    });
  }
  // Fresh run: stale partitions of an older run must not mix with the new ones.
  for (const entity of SIMULATION_ENTITIES) {
    const dir = join(simDir, entity);
    try {
      await rm(dir, { recursive: true, force: true });
    } catch (e) {
      return err(ioError(dir, e));
    }
  }
  const removed = await removeTmpFiles(simDir);
  if (!removed.ok) return removed;
  const all = Array.from({ length: options.totalScenarios }, (_, i) => i);
  return ok({
    report: {
      resumed: false,
      manifestRebuilt: false,
      completedScenarios: [],
      missingScenarios: all,
      removedTmpFiles: removed.value,
    },
    checksums: {},
    startedAt: now,
  });
}
