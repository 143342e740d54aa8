/** Reading our Parquet files back into apache-arrow (decoding happens in parquet-wasm). */
import { readFile } from "node:fs/promises";
import { type Schema, type Table, tableFromIPC } from "apache-arrow";
import { readParquet, readSchema } from "parquet-wasm";
import { err, ok, type Result } from "@cobre/core";
import { ioError, serializationError, type OutputError } from "../errors";
import type { OutputSchema } from "../schemas/index";

export async function readBytes(path: string): Promise<Result<Uint8Array, OutputError>> {
  try {
    return ok(new Uint8Array(await readFile(path)));
  } catch (e) {
    return err(ioError(path, e));
  }
}

/** Decodes Parquet bytes, optionally only some columns. */
export function decodeParquet(bytes: Uint8Array, label: string, columns?: string[]): Result<Table, OutputError> {
  try {
    return ok(tableFromIPC(readParquet(bytes, columns ? { columns } : undefined).intoIPCStream()));
  } catch (e) {
    return err(serializationError(label, e));
  }
}

/** The Arrow schema stored in Parquet bytes (footer only). */
export function parquetSchema(bytes: Uint8Array, label: string): Result<Schema, OutputError> {
  try {
    return ok(tableFromIPC(readSchema(bytes).intoIPCStream()).schema);
  } catch (e) {
    return err(serializationError(label, e));
  }
}

/** Differences between a file's schema and our definition, as messages (empty = conforms). */
export function schemaDifferences(actual: Schema, expected: OutputSchema): string[] {
  const issues: string[] = [];
  const names = actual.fields.map((f) => f.name);
  const wanted = expected.arrow.fields.map((f) => f.name);
  if (names.join(",") !== wanted.join(",")) issues.push(`columns [${names.join(", ")}] != [${wanted.join(", ")}]`);
  for (const want of expected.arrow.fields) {
    const got = actual.fields.find((f) => f.name === want.name);
    if (got === undefined) continue;
    if (String(got.type) !== String(want.type))
      issues.push(`${want.name}: type ${String(got.type)} != ${String(want.type)}`);
    if (got.nullable !== want.nullable) issues.push(`${want.name}: nullable ${got.nullable} != ${want.nullable}`);
  }
  return issues;
}
