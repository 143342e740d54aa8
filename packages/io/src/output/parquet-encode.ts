/**
 * Arrow table → Parquet bytes with the output settings of the Cobre book: Zstd,
 * ~100k-row row groups, dictionary encoding only on id/code columns (on float columns it
 * is the largest avoidable cost and makes files bigger, see shared/notes/measurements.md).
 */
import { type Table, tableToIPC } from "apache-arrow";
import { Compression, Table as WasmTable, WriterPropertiesBuilder, writeParquet } from "parquet-wasm";
import { err, ok, type Result } from "@cobre/core";
import { serializationError, type OutputError } from "./errors";
import type { OutputSchema } from "./schemas/index";

/** Parquet writer settings; every field has the book's default. */
export interface ParquetWriterConfig {
  /** Compression codec. Default `zstd`. */
  readonly compression?: "zstd" | "lz4" | "snappy" | "none";
  /** Maximum rows per row group. Default 100,000. */
  readonly rowGroupSize?: number;
}

export const DEFAULT_ROW_GROUP_SIZE = 100_000;

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

/** Encodes a table built by `buildTable`; encoding failures are `SerializationError`s. */
export function encodeParquet(
  schema: OutputSchema,
  table: Table,
  config: ParquetWriterConfig = {},
): Result<Uint8Array, OutputError> {
  try {
    // Properties are consumed by writeParquet, so they are built per file.
    let builder = new WriterPropertiesBuilder()
      .setCompression(CODECS[config.compression ?? "zstd"])
      .setMaxRowGroupSize(config.rowGroupSize ?? DEFAULT_ROW_GROUP_SIZE)
      .setDictionaryEnabled(false)
      .setCreatedBy("cobre-ts (@cobre/io)");
    for (const c of schema.columns) if (c.dictionary) builder = builder.setColumnDictionaryEnabled(c.name, true);
    const wasmTable = WasmTable.fromIPCStream(tableToIPC(table, "stream"));
    return ok(writeParquet(wasmTable, builder.build()));
  } catch (e) {
    return err(serializationError(schema.name, e));
  }
}
