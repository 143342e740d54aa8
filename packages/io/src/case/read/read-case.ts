/**
 * Layers 1 (structural: the directory and required files exist) and 2 (schema: every
 * present file parses and matches its schema). Produces the `RawCase` the other layers
 * and the resolver work on.
 */
import { stat } from "node:fs/promises";
import { join } from "node:path";
import { JSON_FILES } from "./case-files";
import type { Diagnostics } from "../diagnostics";
import { checkEnums } from "./enum-checks";
import { readJsonFile } from "./json-reader";
import { PARQUET_COLUMNS, type ParquetFile } from "./parquet-columns";
import { readParquetRows, type Row } from "./parquet-reader";
import type { RawCase, RawJsonFiles } from "./raw-case";

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

async function isDirectory(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}

/** Layer 1. Returns the set of known files present, or null when the directory is missing. */
export async function checkStructure(directory: string, diag: Diagnostics): Promise<Set<string> | null> {
  if (!(await isDirectory(directory))) {
    diag.error("MissingFile", `case directory not found: ${directory}`, { file: "." }, "check the path");
    return null;
  }
  const present = new Set<string>();
  const all = [...JSON_FILES.map((f) => ({ path: f.path, required: f.required })), ...parquetFiles()];
  await Promise.all(
    all.map(async ({ path, required }) => {
      if (await isFile(join(directory, path))) present.add(path);
      else if (required) {
        diag.error("MissingFile", `required file ${path} is missing`, { file: path }, `create ${path}`);
      }
    }),
  );
  return present;
}

function parquetFiles(): { path: ParquetFile; required: boolean }[] {
  return (Object.keys(PARQUET_COLUMNS) as ParquetFile[]).map((path) => ({ path, required: false }));
}

/** Layer 2. Reads and schema-checks every present file. */
export async function readCase(directory: string, present: ReadonlySet<string>, diag: Diagnostics): Promise<RawCase> {
  const json: Partial<RawJsonFiles> = {};
  const parquet: Partial<Record<ParquetFile, readonly Row[]>> = {};
  await Promise.all([
    ...JSON_FILES.filter((f) => present.has(f.path)).map(async (f) => {
      const value = await readJsonFile(join(directory, f.path), f.path, f.schema, diag);
      // The zod schema for `f.key` produced this value, so the key/type pairing holds.
      if (value !== null) (json as Record<string, unknown>)[f.key] = value;
    }),
    ...parquetFiles()
      .filter((f) => present.has(f.path))
      .map(async (f) => {
        const rows = await readParquetRows(join(directory, f.path), f.path, PARQUET_COLUMNS[f.path], diag);
        if (rows !== null) parquet[f.path] = rows;
      }),
  ]);
  const raw: RawCase = { directory, json, parquet, present };
  checkEnums(raw, diag);
  return raw;
}
