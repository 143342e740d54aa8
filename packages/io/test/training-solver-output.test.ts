/**
 * `training/solver/iterations.parquet` and `retry_histogram.parquet`: the book's columns
 * and Arrow types, values as given, the sparse histogram written even when empty.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { type RetryHistogramRecord, type SolverStatsRecord, TrainingParquetWriter } from "@cobre/io";
import { DuckDBInstance } from "@duckdb/node-api";
import { afterAll, describe, expect, it } from "vitest";

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
