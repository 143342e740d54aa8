/**
 * Columns (or an Arrow table) → Parquet bytes with the output settings of the Cobre
 * book: Zstd, ~100k-row row groups. Encoding choices, measured on the bench's rows
 * (docs/performance.md):
 * - dictionary encoding only on id/code columns, and only in files of at least
 *   `DICTIONARY_MIN_ROWS` rows: on floats it is the largest avoidable cost, and on the
 *   small per-scenario partitions (50–300 rows) it made files larger and encoding ~30%
 *   slower even on ids;
 * - column statistics (row-group min/max) on id/code columns only: they are what a
 *   reader's partition pruning uses (`WHERE stage_id = …`); page-level statistics and
 *   statistics on measurements made the small partitions ~17% larger.
 */
import { type Table, tableToIPC } from "apache-arrow";
import {
  Compression,
  EnabledStatistics,
  Table as WasmTable,
  type WriterProperties,
  WriterPropertiesBuilder,
  writeParquet,
} from "parquet-wasm";
import { err, ok, type Result } from "@cobre/core";
import type { ColumnInput } from "./arrow-columns";
import { encodeIpc } from "./arrow-ipc";
import { serializationError, type OutputError } from "../errors";
import type { OutputSchema } from "../schemas/index";

/** Parquet writer settings; every field has the book's default. */
export interface ParquetWriterConfig {
  /** Compression codec. Default `zstd`. */
  readonly compression?: "zstd" | "lz4" | "snappy" | "none";
  /** Maximum rows per row group. Default 100,000. */
  readonly rowGroupSize?: number;
}

const DEFAULT_ROW_GROUP_SIZE = 100_000;

/** Files with fewer rows are written without dictionary pages. */
const DICTIONARY_MIN_ROWS = 10_000;

const CODECS: Record<NonNullable<ParquetWriterConfig["compression"]>, Compression> = {
  zstd: Compression.ZSTD,
  lz4: Compression.LZ4_RAW,
  snappy: Compression.SNAPPY,
  none: Compression.UNCOMPRESSED,
};

/** Maps `config.exports.compression` (null = default) to a writer setting. */
export function compressionFromConfig(
  value: "zstd" | "lz4" | "none" | null | undefined,
): ParquetWriterConfig["compression"] {
  return value ?? "zstd";
}

/** Writer properties for a file of `rows` rows (consumed by `writeParquet`, so built per file). */
export function writerProperties(schema: OutputSchema, rows: number, config: ParquetWriterConfig): WriterProperties {
  let builder = new WriterPropertiesBuilder()
    .setCompression(CODECS[config.compression ?? "zstd"])
    .setMaxRowGroupSize(config.rowGroupSize ?? DEFAULT_ROW_GROUP_SIZE)
    .setDictionaryEnabled(false)
    .setStatisticsEnabled(EnabledStatistics.None)
    .setCreatedBy("cobre-ts (@cobre/io)");
  for (const c of schema.columns) {
    if (!c.dictionary) continue;
    builder = builder.setColumnStatisticsEnabled(c.name, EnabledStatistics.Chunk);
    if (rows >= DICTIONARY_MIN_ROWS) builder = builder.setColumnDictionaryEnabled(c.name, true);
  }
  return builder.build();
}

function writeIpc(schema: OutputSchema, ipc: Uint8Array, rows: number, config: ParquetWriterConfig): Uint8Array {
  return writeParquet(WasmTable.fromIPCStream(ipc), writerProperties(schema, rows, config));
}

/** Encodes a table built by `buildTable`; encoding failures are `SerializationError`s. */
export function encodeParquet(
  schema: OutputSchema,
  table: Table,
  config: ParquetWriterConfig = {},
): Result<Uint8Array, OutputError> {
  try {
    return ok(writeIpc(schema, tableToIPC(table, "stream"), table.numRows, config));
  } catch (e) {
    return err(serializationError(schema.name, e));
  }
}

/**
 * Encodes `length` rows of `columns` straight from their typed arrays (no apache-arrow
 * table): the simulation's hot path. Same checks as `buildTable` (`SchemaError`s naming
 * `file`); encoding failures are `SerializationError`s.
 */
export function encodeParquetColumns(
  schema: OutputSchema,
  columns: Readonly<Record<string, ColumnInput>>,
  length: number,
  file: string,
  config: ParquetWriterConfig = {},
): Result<Uint8Array, OutputError> {
  const ipc = encodeIpc(schema, columns, length, file);
  if (!ipc.ok) return ipc;
  try {
    return ok(writeIpc(schema, ipc.value, length, config));
  } catch (e) {
    return err(serializationError(schema.name, e));
  }
}
