/**
 * Test support: copies a reference case into a temp directory and mutates it there
 * (the reference data is never written into the repository).
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { tableFromArrays, tableFromIPC, type Table } from "apache-arrow";
import { readParquet } from "parquet-wasm";
import { parquetBytes, referencePath } from "@cobre/test-support";

export const EXAMPLES = referencePath("examples");

/** Resolves a reference case name such as `1dtoy` or `d03` (deterministic prefix match). */
export function referenceCase(name: string): string {
  if (name === "1dtoy" || name === "4ree") return join(EXAMPLES, name);
  return join(EXAMPLES, "deterministic", name);
}

const created: string[] = [];

/** A fresh temp copy of a reference case. */
export function copyCase(source: string): string {
  const dir = mkdtempSync(join(tmpdir(), "cobre-broken-"));
  cpSync(source, dir, { recursive: true });
  created.push(dir);
  return dir;
}

/** Removes every temp copy made so far. */
export function cleanupCopies(): void {
  for (const d of created.splice(0)) rmSync(d, { recursive: true, force: true });
}

// biome-ignore lint/suspicious/noExplicitAny: tests mutate free-form JSON
type JsonObject = Record<string, any>;

/** Reads, mutates and rewrites a JSON file of the case. */
export function editJson(dir: string, rel: string, edit: (json: JsonObject) => void): void {
  const path = join(dir, rel);
  const json = JSON.parse(readFileSync(path, "utf8")) as JsonObject;
  edit(json);
  writeFileSync(path, JSON.stringify(json, null, 2));
}

/** Writes a file of the case (creating its folder). */
export function writeCaseFile(dir: string, rel: string, content: string | Uint8Array): void {
  mkdirSync(dirname(join(dir, rel)), { recursive: true });
  writeFileSync(join(dir, rel), content);
}

/** Keeps only the first `fraction` of a file's bytes. */
export function truncateFile(dir: string, rel: string, fraction = 0.5): void {
  const bytes = readFileSync(join(dir, rel));
  writeFileSync(join(dir, rel), bytes.subarray(0, Math.floor(bytes.length * fraction)));
}

export function readParquetTable(dir: string, rel: string): Table {
  return tableFromIPC(readParquet(new Uint8Array(readFileSync(join(dir, rel)))).intoIPCStream());
}

/** Writes an Arrow table as Parquet (parquet-wasm `writeParquet`). */
export function writeParquetTable(dir: string, rel: string, table: Table): void {
  writeCaseFile(dir, rel, parquetBytes(table));
}

type Column = Int32Array | Float64Array | (number | null)[];

/** Builds a table from typed columns (nullable when given plain arrays with nulls). */
export function tableOf(columns: Record<string, Column>): Table {
  return tableFromArrays(columns as Parameters<typeof tableFromArrays>[0]);
}

/** Rewrites a Parquet file from its rows, transformed column-wise by `edit`. */
export function editParquet(
  dir: string,
  rel: string,
  edit: (columns: Record<string, Column>) => Record<string, Column>,
): void {
  const table = readParquetTable(dir, rel);
  const columns: Record<string, Column> = {};
  for (const field of table.schema.fields) {
    const vector = table.getChild(field.name);
    const values = Array.from({ length: table.numRows }, (_, i) => vector?.get(i) as number);
    columns[field.name] = String(field.type).startsWith("Int") ? Int32Array.from(values) : Float64Array.from(values);
  }
  writeParquetTable(dir, rel, tableOf(edit(columns)));
}
