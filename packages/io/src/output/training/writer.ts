/**
 * `TrainingParquetWriter`: collects per-iteration records during or after training and
 * writes `training/convergence.parquet`, `training/timing/iterations.parquet`,
 * `training/timing/mpi_ranks.parquet` (plus the solver and cut-selection files when
 * given rows), each atomically, on `finalize`.
 */
import { join } from "node:path";
import { err, ok, type Result } from "@cobre/core";
import { ensureDir } from "../fs/atomic-write";
import { schemaError, type OutputError } from "../errors";
import type { ParquetWriterConfig } from "../parquet/encode";
import { writeParquetFile } from "../parquet/file";
import { recordColumns } from "../parquet/record-columns";
import {
  CONVERGENCE_SCHEMA,
  CUT_SELECTION_SCHEMA,
  type OutputSchema,
  RETRY_HISTOGRAM_SCHEMA,
  SOLVER_ITERATIONS_SCHEMA,
  TIMING_ITERATIONS_SCHEMA,
  TIMING_RANKS_SCHEMA,
} from "../schemas/index";
import type {
  CutSelectionRecord,
  IterationRecord,
  RankTimingRecord,
  RetryHistogramRecord,
  SolverStatsRecord,
} from "./types";

/** Paths (relative to the output root) and bytes of the files `finalize` wrote. */
export interface TrainingFiles {
  readonly written: ReadonlyMap<string, Uint8Array>;
}

export class TrainingParquetWriter {
  readonly #outputDir: string;
  readonly #config: ParquetWriterConfig | undefined;
  readonly #iterations: IterationRecord[] = [];
  readonly #ranks: RankTimingRecord[] = [];
  readonly #solver: SolverStatsRecord[] = [];
  readonly #retries: RetryHistogramRecord[] = [];
  readonly #cutSelection: CutSelectionRecord[] = [];

  private constructor(outputDir: string, config: ParquetWriterConfig | undefined) {
    this.#outputDir = outputDir;
    this.#config = config;
  }

  /** Creates `outputDir/training/timing/`; `IoError` when that fails. */
  static async create(
    outputDir: string,
    config?: ParquetWriterConfig,
  ): Promise<Result<TrainingParquetWriter, OutputError>> {
    const made = await ensureDir(join(outputDir, "training", "timing"));
    return made.ok ? ok(new TrainingParquetWriter(outputDir, config)) : made;
  }

  /** Appends one iteration (a convergence row and a timing row). Iterations must increase. */
  writeIteration(record: IterationRecord): Result<void, OutputError> {
    const last = this.#iterations.at(-1);
    if (last !== undefined && record.iteration <= last.iteration) {
      return err(
        schemaError(CONVERGENCE_SCHEMA.path, "iteration", `iteration ${record.iteration} after ${last.iteration}`),
      );
    }
    this.#iterations.push(record);
    return ok(undefined);
  }

  /** Appends per-(iteration, worker) timing rows. */
  writeRankTiming(records: readonly RankTimingRecord[]): Result<void, OutputError> {
    this.#ranks.push(...records);
    return ok(undefined);
  }

  writeSolverStats(records: readonly SolverStatsRecord[]): void {
    this.#solver.push(...records);
  }

  writeRetryHistogram(records: readonly RetryHistogramRecord[]): void {
    this.#retries.push(...records);
  }

  writeCutSelection(records: readonly CutSelectionRecord[]): void {
    this.#cutSelection.push(...records);
  }

  /**
   * Writes every file. The three core files are always written (possibly with zero
   * rows); the solver files when there are solver statistics (the retry histogram then
   * even without rows), the cut-selection file only when it has rows.
   */
  async finalize(): Promise<Result<TrainingFiles, OutputError>> {
    const written = new Map<string, Uint8Array>();
    const timing = this.#iterations.map((r) => ({ iteration: r.iteration, ...r.timing }));
    const jobs: [OutputSchema, readonly object[], boolean][] = [
      [CONVERGENCE_SCHEMA, this.#iterations, true],
      [TIMING_ITERATIONS_SCHEMA, timing, true],
      [TIMING_RANKS_SCHEMA, this.#ranks, true],
      [SOLVER_ITERATIONS_SCHEMA, this.#solver, false],
      // Sparse (positive counts only): written whenever solver statistics are, so "no
      // retries" reads as an empty table rather than a missing file.
      [RETRY_HISTOGRAM_SCHEMA, this.#retries, this.#solver.length > 0],
      [CUT_SELECTION_SCHEMA, this.#cutSelection, false],
    ];
    for (const [schema, rows, always] of jobs) {
      if (!always && rows.length === 0) continue;
      const bytes = await writeParquetFile(this.#outputDir, schema, recordColumns(schema, rows), this.#config);
      if (!bytes.ok) return bytes;
      written.set(schema.path, bytes.value);
    }
    return ok({ written });
  }
}
