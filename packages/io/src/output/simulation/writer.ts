/**
 * `SimulationParquetWriter`: streams per-scenario simulation results to Hive-partitioned
 * Parquet (`simulation/{entity}/scenario_id=NNNN/data.parquet`). Producers hand it
 * scenarios through a bounded queue (`ioChannelCapacity`, default 64), either already
 * encoded (`EncodedScenario`, from the simulation workers: the normal path, so encoding
 * runs in parallel with solving) or as columnar results that it encodes itself.
 *
 * Durability by group commit: the consumer takes every scenario waiting in the queue (up
 * to `maxBatch`) and, for the whole batch, (1) writes each partition to `<file>.tmp`,
 * (2) waits for all their `fdatasync`s at once, (3) renames them into place, (4) syncs
 * every directory that gained an entry, and only then (5) counts the scenarios complete
 * and, every `checkpointEvery` scenarios, rewrites the `running` manifest the same way.
 * So a visible partition is always whole, and the manifest never lists a partition that
 * is not on disk; no partition waits for its own fsync. `finalize` returns the final
 * manifest.
 */
import { rm } from "node:fs/promises";
import { dirname, join } from "node:path";
import type { System } from "@cobre/core";
import { err, ok, type Result } from "@cobre/core";
import { TMP_SUFFIX, ensureDir } from "../fs/atomic-write";
import { BoundedQueue } from "./bounded-queue";
import { nodeDurableFs, type DurableFs } from "../fs/durable-fs";
import { ioError, schemaError, type OutputError } from "../errors";
import { readManifest, SIMULATION_MANIFEST_FILE } from "../manifest/io";
import { localDistribution, type DistributionInfo, type SimulationManifest } from "../manifest/types";
import type { ParquetWriterConfig } from "../parquet/encode";
import { writeParquetFile } from "../parquet/file";
import { expectedEntities, partitionFile, SIMULATION_DIR } from "./partition-layout";
import { recordColumns } from "../parquet/record-columns";
import { type EncodedScenario, ScenarioEncoder } from "./scenario-encoder";
import {
  SIMULATION_ENTITIES,
  SIMULATION_RETRY_HISTOGRAM_SCHEMA,
  SIMULATION_SOLVER_ITERATIONS_SCHEMA,
} from "../schemas/index";
import { buildSimulationManifest } from "./manifest-build";
import { removeTmpFiles, scanSimulationDir } from "./recovery";
import type { SimulationScenarioResult } from "./result";
import type { RetryHistogramRecord, SolverStatsRecord } from "../training/types";

export const DEFAULT_IO_CHANNEL_CAPACITY = 64;
const DEFAULT_CHECKPOINT_EVERY = 16;
const DEFAULT_MAX_BATCH = 64;

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
  /**
   * Rewrite the `running` manifest after this many completed scenarios. Default: 16, or an
   * eighth of the scenarios already complete when that is more.
   */
  readonly checkpointEvery?: number;
  /** Most scenarios made durable together in one group commit. Default 64. */
  readonly maxBatch?: number;
  /** File-system calls of the group commit (tests inject a recording layer). Default: Node's fs. */
  readonly fs?: DurableFs;
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
  readonly #outputDir: string;
  readonly #simDir: string;
  readonly #encoder: ScenarioEncoder;
  readonly #fs: DurableFs;
  readonly #options: SimulationWriterOptions;
  readonly #queue: BoundedQueue<SimulationScenarioResult | EncodedScenario>;
  /** Partition directories known to exist (created or seen by this writer). */
  readonly #dirs = new Set<string>();
  /** Rows of `simulation/solver/iterations.parquet`; null until `writeSolverStats` is called. */
  #solverStats: SolverStatsRecord[] | null = null;
  /** Rows of `simulation/solver/retry_histogram.parquet` (positive counts only). */
  readonly #retryHistogram: RetryHistogramRecord[] = [];
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

  private constructor(
    outputDir: string,
    options: SimulationWriterOptions,
    resume: ResumeReport,
    init: InitState,
    encoder: ScenarioEncoder,
  ) {
    this.#outputDir = outputDir;
    this.#simDir = join(outputDir, SIMULATION_DIR);
    this.#encoder = encoder;
    this.#fs = options.fs ?? nodeDurableFs;
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
    const encoder = await ScenarioEncoder.create(options.system, options.parquet);
    const writer = new SimulationParquetWriter(outputDir, options, init.value.report, init.value, encoder);
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
   * Queues one scenario: a columnar result (encoded by the writer) or one encoded where it
   * was produced (`ScenarioEncoder`, same system and Parquet settings). Resolves when the
   * queue has accepted it (waiting while the queue is full — backpressure), not when it is
   * on disk. Returns the writer's error if an earlier write failed. The result's arrays
   * must not be mutated afterwards.
   */
  async writeScenario(result: SimulationScenarioResult | EncodedScenario): Promise<Result<void, OutputError>> {
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

  /**
   * Adds rows of `simulation/solver/iterations.parquet` (one per scenario and stage,
   * `phase: "simulation"`) and of `simulation/solver/retry_histogram.parquet` (one per
   * scenario, stage and retry level that recovered a solve). `finalize` writes both files
   * once this has been called, even with no rows (a resumed run with nothing left to
   * simulate; a simulation no solve of which needed the retry ladder).
   */
  writeSolverStats(records: readonly SolverStatsRecord[], histogram: readonly RetryHistogramRecord[] = []): void {
    this.#solverStats ??= [];
    this.#solverStats.push(...records);
    this.#retryHistogram.push(...histogram);
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
    if (this.#error !== null) return err(this.#error);
    const checkpoint = await this.#checkpoint();
    if (!checkpoint.ok) return checkpoint;
    if (this.#solverStats !== null) {
      // Scenarios arrive in batches from several workers: rows are sorted by scenario, stage (and level).
      const byScenarioStage = (a: { iteration: number; stage: number }, b: { iteration: number; stage: number }) =>
        a.iteration - b.iteration || a.stage - b.stage;
      const files = [
        [SIMULATION_SOLVER_ITERATIONS_SCHEMA, [...this.#solverStats].sort(byScenarioStage)],
        [
          SIMULATION_RETRY_HISTOGRAM_SCHEMA,
          [...this.#retryHistogram].sort((a, b) => byScenarioStage(a, b) || a.retryLevel - b.retryLevel),
        ],
      ] as const;
      for (const [schema, rows] of files) {
        const written = await writeParquetFile(
          this.#outputDir,
          schema,
          recordColumns(schema, rows),
          this.#options.parquet,
        );
        if (!written.ok) return written;
      }
    }
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
    const manifest = await this.#manifest("running", null);
    return this.#writeDurably(
      join(this.#outputDir, SIMULATION_MANIFEST_FILE),
      `${JSON.stringify(manifest, null, 2)}\n`,
    );
  }

  /** One file replaced atomically and durably: tmp, datasync, rename, directory sync. */
  async #writeDurably(path: string, data: string): Promise<Result<void, OutputError>> {
    const tmp = `${path}${TMP_SUFFIX}`;
    try {
      const fd = this.#fs.create(tmp, data);
      try {
        await this.#fs.datasync(fd);
      } finally {
        this.#fs.close(fd);
      }
      this.#fs.rename(tmp, path);
      await this.#fs.syncDir(dirname(path));
      return ok(undefined);
    } catch (e) {
      this.#fs.remove(tmp);
      return err(ioError(path, e));
    }
  }

  #settle(): void {
    this.#pending--;
    if (this.#pending === 0) for (const wake of this.#idleWaiters.splice(0)) wake();
  }

  async #consume(): Promise<void> {
    const maxBatch = Math.max(1, this.#options.maxBatch ?? DEFAULT_MAX_BATCH);
    for (;;) {
      const first = await this.#queue.take();
      if (first === undefined) return;
      // Group commit: everything already waiting joins this batch.
      const batch = [first];
      while (batch.length < maxBatch) {
        const next = this.#queue.poll();
        if (next === undefined) break;
        batch.push(next);
      }
      // After a failure the queue is drained without writing, so producers never hang.
      if (this.#error === null) {
        const written = await this.#commit(batch);
        if (!written.ok) this.#error = written.error;
      }
      for (let i = 0; i < batch.length; i++) this.#settle();
    }
  }

  /** A scenario as partitions: encoded here when it came as columns, else checked. */
  #encoded(item: SimulationScenarioResult | EncodedScenario): Result<EncodedScenario, OutputError> {
    if (!("partitions" in item)) return this.#encoder.encode(item);
    const want = this.#encoder.entities;
    const got = item.partitions.map((p) => p.entity);
    if (got.length !== want.length || got.some((e, i) => e !== want[i])) {
      return err(
        schemaError("simulation", "*", `scenario ${item.scenarioId} has partitions [${got}], expected [${want}]`),
      );
    }
    // The file names are ours to decide: nothing outside its partition may be written.
    const stray = item.partitions.find((p) => p.file !== partitionFile(p.entity, item.scenarioId));
    if (stray !== undefined) {
      return err(schemaError(stray.file, "*", `not the partition file of scenario ${item.scenarioId}`));
    }
    return ok(item);
  }

  /** Writes a batch of scenarios durably (see the file comment for the order). */
  async #commit(batch: readonly (SimulationScenarioResult | EncodedScenario)[]): Promise<Result<void, OutputError>> {
    const scenarios: EncodedScenario[] = [];
    for (const item of batch) {
      const e = this.#encoded(item);
      if (!e.ok) return e;
      scenarios.push(e.value);
    }
    const fs = this.#fs;
    const staged: { fd: number; tmp: string; path: string }[] = [];
    const dirs = new Set<string>();
    let current = this.#simDir;
    const abandon = (e: unknown): Result<void, OutputError> => {
      for (const s of staged) {
        try {
          if (s.fd >= 0) fs.close(s.fd);
        } catch {
          // Already closed; the temporary file is removed below either way.
        }
        fs.remove(s.tmp);
      }
      return err(ioError(current, e));
    };
    try {
      for (const scenario of scenarios) {
        this.#completed.delete(scenario.scenarioId); // being rewritten: not complete until durable
        for (const p of scenario.partitions) {
          const path = join(this.#simDir, p.file);
          const dir = dirname(path);
          current = dir;
          if (!this.#dirs.has(dir)) {
            const created = fs.mkdir(dir);
            // A new directory's own entry lives in its parent: sync every parent that gained one.
            if (created !== undefined) {
              for (let d = dir; d !== dirname(created); d = dirname(d)) dirs.add(dirname(d));
            }
            this.#dirs.add(dir);
          }
          dirs.add(dir);
          current = path;
          const tmp = `${path}${TMP_SUFFIX}`;
          staged.push({ fd: fs.create(tmp, p.bytes), tmp, path });
        }
      }
      current = this.#simDir;
      await Promise.all(staged.map((s) => fs.datasync(s.fd)));
      for (const s of staged) {
        current = s.path;
        const fd = s.fd;
        s.fd = -1;
        fs.close(fd);
        fs.rename(s.tmp, s.path);
      }
      current = this.#simDir;
      await Promise.all([...dirs].map((d) => fs.syncDir(d)));
    } catch (e) {
      return abandon(e);
    }
    // Only now, with data and directory entries durable, may the manifest vouch for them.
    for (const scenario of scenarios) {
      for (const p of scenario.partitions) this.#checksums.set(p.file, p.xxhash64);
      this.#completed.add(scenario.scenarioId);
      this.#failed.delete(scenario.scenarioId);
    }
    this.#sinceCheckpoint += scenarios.length;
    // By default the interval grows with the run (an eighth of what is done), so rewriting
    // the ever longer manifest costs O(scenarios) in all, not O(scenarios²).
    const every =
      this.#options.checkpointEvery ?? Math.max(DEFAULT_CHECKPOINT_EVERY, Math.floor(this.#completed.size / 8));
    if (this.#sinceCheckpoint >= every) {
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
