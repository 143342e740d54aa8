/**
 * LP solver statistics: the per-(iteration, phase, stage, opening) counters workers
 * collect, and `training/solver/iterations.parquet` + `retry_histogram.parquet` as the
 * book's output-format reference defines them.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Case } from "@cobre/core";
import { loadCase } from "@cobre/io";
import { runStudy } from "@cobre/sddp";
import type { SolveStats } from "@cobre/solver";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SolverStatsTable } from "../src/lp/solver-stats";
import { duckdbRows } from "@cobre/test-support";

const here = path.dirname(fileURLToPath(import.meta.url));
const tiny = path.resolve(here, "../../../examples/hydro-tiny");

describe("SolverStatsTable", () => {
  it("adds workers' drained buckets and turns them into book rows and a sparse histogram", () => {
    const T = 3;
    const workerA = new SolverStatsTable(T, 2);
    const workerB = new SolverStatsTable(T, 2);
    const coordinator = new SolverStatsTable(T, 2);
    const solve = (s: SolveStats, iterations: number, level: number) => {
      s.solves++;
      s.successes++;
      s.simplexIterations += iterations;
      s.solveTimeMs += 0.5;
      if (level >= 0) {
        s.retried++;
        s.retryAttempts += level + 1;
        s.retryLevels[level]! += 1;
      }
    };
    solve(workerA.bucket("forward", 0, undefined), 10, -1);
    solve(workerB.bucket("forward", 0, undefined), 12, -1);
    solve(workerA.bucket("backward", 2, 1), 7, 4);
    solve(workerB.bucket("backward", 2, 1), 3, -1);
    solve(workerB.bucket("lower_bound", 0, 0), 5, 0);
    coordinator.absorb(workerA.drain());
    coordinator.absorb(workerB.drain());
    // Drained buckets are reset: a second drain is empty.
    expect(workerA.drain().index.length).toBe(0);
    const { stats, histogram } = coordinator.takeRecords(7);
    expect(
      stats.map((r) => [r.phase, r.stage, r.opening, r.lpSolves, r.simplexIterations, r.lpRetries, r.retryAttempts]),
    ).toEqual([
      ["forward", 0, null, 2, 22, 0, 0],
      ["backward", 2, 1, 2, 10, 1, 5],
      ["lower_bound", 0, null, 1, 5, 1, 1],
    ]);
    expect(stats.every((r) => r.iteration === 7 && r.rank === null && r.workerId === null)).toBe(true);
    expect(stats[0]!.solveTimeMs).toBe(1);
    expect(histogram).toEqual([
      { iteration: 7, phase: "backward", stage: 2, retryLevel: 4, count: 1 },
      { iteration: 7, phase: "lower_bound", stage: 0, retryLevel: 0, count: 1 },
    ]);
    expect(coordinator.takeRecords(8).stats).toEqual([]);
  });
});

describe("training/solver/*.parquet from a run", () => {
  let base: Case;
  const dirs: string[] = [];
  beforeAll(async () => {
    const loaded = await loadCase(tiny);
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.error.errors));
    base = loaded.value;
  });
  afterAll(async () => {
    for (const d of dirs) await rm(d, { recursive: true, force: true });
  });

  async function run(workers: number): Promise<string> {
    const c: Case = {
      ...base,
      config: {
        ...base.config,
        training: { ...base.config.training, stoppingRules: [{ type: "iteration_limit", limit: 3 }] },
        simulation: { ...base.config.simulation, enabled: false },
      },
    };
    const out = await mkdtemp(path.join(tmpdir(), "cobre-solver-stats-"));
    dirs.push(out);
    const r = await runStudy(c, { outputDir: out, numWorkers: workers });
    if (!r.ok) throw new Error(r.error.message);
    return out;
  }

  it("counts every LP by phase, stage and opening, the same with 1 and 2 workers", async () => {
    // hydro-tiny: 6 stages, 5 openings per stage, 8 forward passes.
    const [one, two] = [await run(1), await run(2)];
    const file = (dir: string) => path.join(dir, "training/solver/iterations.parquet");
    const types = await duckdbRows(`select column_name, column_type from (describe select * from '${file(one)}')`);
    expect(types.map((t) => [t.column_name, t.column_type])).toEqual([
      ["iteration", "UINTEGER"],
      ["phase", "VARCHAR"],
      ["stage", "INTEGER"],
      ["opening", "INTEGER"],
      ["rank", "INTEGER"],
      ["worker_id", "INTEGER"],
      ["lp_solves", "UINTEGER"],
      ["lp_successes", "UINTEGER"],
      ["lp_retries", "UINTEGER"],
      ["lp_failures", "UINTEGER"],
      ["retry_attempts", "UINTEGER"],
      ["basis_offered", "UINTEGER"],
      ["basis_consistency_failures", "UINTEGER"],
      ["simplex_iterations", "UBIGINT"],
      ["solve_time_ms", "DOUBLE"],
      ["load_model_time_ms", "DOUBLE"],
      ["set_bounds_time_ms", "DOUBLE"],
      ["basis_set_time_ms", "DOUBLE"],
      ["basis_reconstructions", "UBIGINT"],
    ]);
    const summary = await duckdbRows(
      `select iteration, phase, count(*) as n_rows, sum(lp_solves) as solves, min(lp_solves) as lo, max(lp_solves) as hi,
              count(distinct stage) as stages, count(distinct opening) as openings, sum(lp_failures) as failures,
              sum(lp_successes) as successes
       from '${file(one)}' group by iteration, phase order by iteration, phase`,
    );
    for (const it of [1, 2, 3]) {
      expect(summary.filter((r) => r.iteration === it)).toEqual([
        // 5 stages (1..5) × 5 openings, each solved once per trial point (8).
        {
          iteration: it,
          phase: "backward",
          n_rows: 25,
          solves: 200,
          lo: 8,
          hi: 8,
          stages: 5,
          openings: 5,
          failures: 0,
          successes: 200,
        },
        // 6 stages × 8 forward passes.
        {
          iteration: it,
          phase: "forward",
          n_rows: 6,
          solves: 48,
          lo: 8,
          hi: 8,
          stages: 6,
          openings: 0,
          failures: 0,
          successes: 48,
        },
        // Stage 0 under each of its 5 openings.
        {
          iteration: it,
          phase: "lower_bound",
          n_rows: 1,
          solves: 5,
          lo: 5,
          hi: 5,
          stages: 1,
          openings: 0,
          failures: 0,
          successes: 5,
        },
      ]);
    }
    // The per-iteration totals agree with the convergence file's lp_solves.
    const totals = await duckdbRows(
      `select s.iteration, sum(s.lp_solves) as solves, any_value(c.lp_solves) as convergence
       from '${file(one)}' s join '${path.join(one, "training/convergence.parquet")}' c using (iteration)
       group by s.iteration order by s.iteration`,
    );
    expect(totals).toEqual([1, 2, 3].map((iteration) => ({ iteration, solves: 253, convergence: 253 })));
    // Counts (not times) are independent of the number of workers.
    const counts = (dir: string) =>
      duckdbRows(
        `select iteration, phase, stage, opening, lp_solves, lp_retries, retry_attempts, simplex_iterations
         from '${file(dir)}' order by iteration, phase, stage, opening`,
      );
    const [c1, c2] = [await counts(one), await counts(two)];
    expect(c1).toHaveLength(96);
    expect(c2).toEqual(c1);
    expect(c1.reduce((s, r) => s + Number(r.simplex_iterations), 0)).toBeGreaterThan(0);
    // No LP of this small case needs a retry: the histogram exists, with the book's columns, and is empty.
    const histogram = path.join(one, "training/solver/retry_histogram.parquet");
    const hTypes = await duckdbRows(`select column_name, column_type from (describe select * from '${histogram}')`);
    expect(hTypes.map((t) => [t.column_name, t.column_type])).toEqual([
      ["iteration", "UINTEGER"],
      ["phase", "VARCHAR"],
      ["stage", "INTEGER"],
      ["retry_level", "UINTEGER"],
      ["count", "UBIGINT"],
    ]);
    expect(await duckdbRows(`select * from '${histogram}'`)).toEqual([]);
    expect(await duckdbRows(`select sum(lp_retries) as r from '${file(one)}'`)).toEqual([{ r: 0 }]);
  }, 120_000);
});
