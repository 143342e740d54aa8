/**
 * Fixtures shared by the workspace's tests (a private package, never published): where
 * the repository and the reference cases are, trimmed copies of the bundled examples,
 * and Parquet files written from plain columns.
 */
import { cpSync, mkdtempSync, readFileSync, realpathSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { DuckDBInstance } from "@duckdb/node-api";
import { type Table, tableToIPC } from "apache-arrow";
import { Table as WasmTable, writeParquet } from "parquet-wasm";

/** The repository root. */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");

/** A path under `../shared/cobre-reference/` (next to the checkout), e.g. `referencePath("examples", "4ree")`. */
export function referencePath(...parts: string[]): string {
  return path.resolve(repoRoot, "..", "shared", "cobre-reference", ...parts);
}

/** A path under the repository's `examples/`. */
export function examplePath(name: string): string {
  return path.join(repoRoot, "examples", name);
}

export interface TrimOptions {
  /** Replaces the stopping rules with one iteration limit. */
  readonly iterations?: number;
  /** Sets `simulation.num_scenarios`. */
  readonly scenarios?: number;
  /** Prefix of the temporary directory's name. */
  readonly prefix?: string;
  /** Copies into this directory (created) instead of a fresh temporary one. */
  readonly destination?: string;
}

/**
 * Copies a case directory (an example name such as `"hydro-tiny"`, or a path) into a fresh
 * temporary directory and trims its `config.json`, so tests run a real case quickly.
 * Returns the copy's real path (symbolic links in the temp dir resolved).
 */
export function trimmedCase(source: string, options: TrimOptions = {}): string {
  const from = path.isAbsolute(source) ? source : examplePath(source);
  const dir =
    options.destination ??
    realpathSync(mkdtempSync(path.join(tmpdir(), `${options.prefix ?? `cobre-${path.basename(from)}`}-`)));
  cpSync(from, dir, { recursive: true });
  if (options.iterations !== undefined || options.scenarios !== undefined) {
    const file = path.join(dir, "config.json");
    const config = JSON.parse(readFileSync(file, "utf8"));
    if (options.iterations !== undefined) {
      config.training.stopping_rules = [{ type: "iteration_limit", limit: options.iterations }];
    }
    if (options.scenarios !== undefined) {
      config.simulation ??= {};
      config.simulation.num_scenarios = options.scenarios;
    }
    writeFileSync(file, JSON.stringify(config, null, 2));
  }
  return dir;
}

/** The Parquet bytes of an Arrow table, as parquet-wasm writes them with its defaults. */
export function parquetBytes(table: Table): Uint8Array {
  return writeParquet(WasmTable.fromIPCStream(tableToIPC(table, "stream")));
}

/** Writes an Arrow table to `file` as Parquet. */
export function writeParquetTable(file: string, table: Table): void {
  writeFileSync(file, parquetBytes(table));
}

/** A row of a DuckDB query, numbers that DuckDB returns as strings (BIGINT, DECIMAL) made numbers. */
export type DuckRow = Record<string, number | string | null>;

/**
 * Runs `sql` in a fresh in-memory DuckDB — the independent reader the tests check our
 * Parquet with — and returns its rows as plain objects.
 */
export async function duckdbRows(sql: string): Promise<DuckRow[]> {
  const db = await DuckDBInstance.create(":memory:");
  const conn = await db.connect();
  try {
    const rows = (await conn.runAndReadAll(sql)).getRowObjectsJson() as DuckRow[];
    return rows.map((r) =>
      Object.fromEntries(
        Object.entries(r).map(([k, v]) => [k, typeof v === "string" && /^-?\d/.test(v) ? Number(v) : v]),
      ),
    );
  } finally {
    conn.closeSync();
  }
}
