/** One step from columns to an atomically written Parquet file, returning its bytes. */
import { join } from "node:path";
import type { Result } from "@cobre/core";
import { ok } from "@cobre/core";
import { buildTable, type ColumnInput } from "./arrow-columns";
import { writeFileAtomic } from "../fs/atomic-write";
import type { OutputError } from "../errors";
import { encodeParquet, type ParquetWriterConfig } from "./encode";
import type { OutputSchema } from "../schemas/index";

/** Builds, encodes and atomically writes `outputDir/<schema.path>`; returns the bytes written. */
export async function writeParquetFile(
  outputDir: string,
  schema: OutputSchema,
  data: { columns: Readonly<Record<string, ColumnInput>>; length: number },
  config?: ParquetWriterConfig,
): Promise<Result<Uint8Array, OutputError>> {
  const table = buildTable(schema, data.columns, data.length, schema.path);
  if (!table.ok) return table;
  const bytes = encodeParquet(schema, table.value, config);
  if (!bytes.ok) return bytes;
  const written = await writeFileAtomic(join(outputDir, schema.path), bytes.value);
  return written.ok ? ok(bytes.value) : written;
}
