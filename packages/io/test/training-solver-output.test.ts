/**
 * `training/solver/` and `simulation/solver/` `iterations.parquet` and
 * `retry_histogram.parquet`: the book's columns and Arrow types, values as given, the
 * sparse histogram written even when empty.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import {
  type RetryHistogramRecord,
  SimulationParquetWriter,
  type SolverStatsRecord,
  TrainingParquetWriter,
} from "@cobre/io";
import { DuckDBInstance } from "@duckdb/node-api";
import { afterAll, describe, expect, it } from "vitest";
import { SYSTEM } from "./output-fixture";

const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

async function rows(file: string): Promise<Record<string, unknown>[]> {
  const db = await DuckDBInstance.create(":memory:");
  const conn = await db.connect();
  const out = (await conn.runAndReadAll(`select * from '${file}'`)).getRowObjectsJson();
  conn.closeSync();
  return out;
}

function record(over: Partial<SolverStatsRecord>): SolverStatsRecord {
  return {
    iteration: 1,
    phase: "forward",
    stage: 0,
    opening: null,
    rank: null,
    workerId: null,
    lpSolves: 8,
    lpSuccesses: 8,
    lpRetries: 0,
    lpFailures: 0,
    retryAttempts: 0,
    basisOffered: 0,
    basisConsistencyFailures: 0,
    simplexIterations: 120,
    solveTimeMs: 1.25,
    loadModelTimeMs: 0,
    setBoundsTimeMs: 0,
    basisSetTimeMs: 0,
    basisReconstructions: 0,
    ...over,
  };
}

async function write(stats: SolverStatsRecord[], histogram: RetryHistogramRecord[]): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), "cobre-solver-out-"));
  dirs.push(dir);
  const w = await TrainingParquetWriter.create(dir);
  if (!w.ok) throw new Error(w.error.message);
  w.value.writeSolverStats(stats);
  w.value.writeRetryHistogram(histogram);
  const done = await w.value.finalize();
  if (!done.ok) throw new Error(done.error.message);
  return dir;
}

describe("training/solver files", () => {
  it("hold the records, retries and the per-level counts", async () => {
    const dir = await write(
      [
        record({}),
        record({ phase: "backward", stage: 3, opening: 7, lpRetries: 2, retryAttempts: 3, simplexIterations: 2 ** 40 }),
      ],
      [
        { iteration: 1, phase: "backward", stage: 3, retryLevel: 0, count: 1 },
        { iteration: 1, phase: "backward", stage: 3, retryLevel: 1, count: 1 },
      ],
    );
    const stats = await rows(path.join(dir, "training/solver/iterations.parquet"));
    expect(
      stats.map((r) => [
        r.phase,
        r.stage,
        r.opening,
        r.lp_solves,
        r.lp_retries,
        r.retry_attempts,
        r.simplex_iterations,
        r.solve_time_ms,
      ]),
    ).toEqual([
      ["forward", 0, null, 8, 0, 0, "120", 1.25],
      ["backward", 3, 7, 8, 2, 3, String(2 ** 40), 1.25],
    ]);
    const histogram = await rows(path.join(dir, "training/solver/retry_histogram.parquet"));
    expect(histogram).toEqual([
      { iteration: 1, phase: "backward", stage: 3, retry_level: 0, count: "1" },
      { iteration: 1, phase: "backward", stage: 3, retry_level: 1, count: "1" },
    ]);
  });

  it("write an empty histogram beside solver statistics, and neither without them", async () => {
    const withStats = await write([record({})], []);
    expect(await rows(path.join(withStats, "training/solver/retry_histogram.parquet"))).toEqual([]);
    const without = await write([], []);
    await expect(rows(path.join(without, "training/solver/iterations.parquet"))).rejects.toThrow();
  });
});

describe("simulation/solver files", () => {
  async function simulate(
    batches: [SolverStatsRecord[], RetryHistogramRecord[]][],
  ): Promise<{ dir: string; types: Record<string, string> }> {
    const dir = await mkdtemp(path.join(tmpdir(), "cobre-sim-solver-out-"));
    dirs.push(dir);
    const w = await SimulationParquetWriter.create(dir, { system: SYSTEM, totalScenarios: 0 });
    if (!w.ok) throw new Error(w.error.message);
    for (const [stats, histogram] of batches) w.value.writeSolverStats(stats, histogram);
    const done = await w.value.finalize();
    if (!done.ok) throw new Error(JSON.stringify(done.error));
    const db = await DuckDBInstance.create(":memory:");
    const conn = await db.connect();
    const file = path.join(dir, "simulation/solver/retry_histogram.parquet");
    const schema = (await conn.runAndReadAll(`describe select * from '${file}'`)).getRowObjectsJson() as {
      column_name: string;
      column_type: string;
    }[];
    conn.closeSync();
    return { dir, types: Object.fromEntries(schema.map((r) => [r.column_name, r.column_type])) };
  }

  it("hold the batches' rows sorted by scenario, stage and level, with the book's physical types", async () => {
    const sim = (iteration: number, stage: number) => record({ iteration, phase: "simulation", stage, lpSolves: 1 });
    const level = (iteration: number, stage: number, retryLevel: number): RetryHistogramRecord => ({
      iteration,
      phase: "simulation",
      stage,
      retryLevel,
      count: 1,
    });
    // Two batches out of order, as workers deliver them.
    const { dir, types } = await simulate([
      [[sim(4, 0), sim(4, 1)], [level(4, 1, 3)]],
      [
        [sim(0, 0), sim(0, 1)],
        [level(0, 1, 0), level(0, 0, 2)],
      ],
    ]);
    const stats = await rows(path.join(dir, "simulation/solver/iterations.parquet"));
    expect(stats.map((r) => [r.iteration, r.stage, r.phase])).toEqual([
      [0, 0, "simulation"],
      [0, 1, "simulation"],
      [4, 0, "simulation"],
      [4, 1, "simulation"],
    ]);
    const histogram = await rows(path.join(dir, "simulation/solver/retry_histogram.parquet"));
    expect(histogram).toEqual([
      { iteration: 0, phase: "simulation", stage: 0, retry_level: 2, count: "1" },
      { iteration: 0, phase: "simulation", stage: 1, retry_level: 0, count: "1" },
      { iteration: 4, phase: "simulation", stage: 1, retry_level: 3, count: "1" },
    ]);
    // The book's UInt32, Utf8, Int32, UInt32, UInt64, as DuckDB reads them back.
    expect(types).toEqual({
      iteration: "UINTEGER",
      phase: "VARCHAR",
      stage: "INTEGER",
      retry_level: "UINTEGER",
      count: "UBIGINT",
    });
  });

  it("write an empty histogram when no solve needed a retry", async () => {
    const { dir } = await simulate([[[record({ iteration: 0, phase: "simulation" })], []]]);
    expect(await rows(path.join(dir, "simulation/solver/retry_histogram.parquet"))).toEqual([]);
  });
});
