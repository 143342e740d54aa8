/**
 * A real run of the reference cases 1dtoy and 4ree writes every output of the format:
 * DuckDB reads the Hive-partitioned simulation Parquet with the book's column names and
 * types, row counts are stages × blocks × entities, `verifyOutputs` passes, and the
 * FlatBuffers policy reads back bit for bit and simulates to the same costs.
 */
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { DuckDBInstance } from "@duckdb/node-api";
import type { Case } from "@cobre/core";
import { loadCase, verifyOutputs } from "@cobre/io";
import { Policy, type RunSummary, runStudy, simulate } from "@cobre/sddp";
import { beforeAll, describe, expect, it } from "vitest";

const here = path.dirname(fileURLToPath(import.meta.url));
const reference = path.resolve(here, "../../shared/cobre-reference");
const schemas = JSON.parse(readFileSync(path.join(reference, "output_schemas.json"), "utf8")) as Record<
  string,
  unknown
>;

const DUCKDB_TYPE: Record<string, string> = {
  Int32: "INTEGER",
  Int64: "BIGINT",
  Int8: "TINYINT",
  Float64: "DOUBLE",
  Boolean: "BOOLEAN",
  Utf8: "VARCHAR",
};

function shrink(c: Case, iterations: number, scenarios: number): Case {
  return {
    ...c,
    config: {
      ...c.config,
      training: { ...c.config.training, stoppingRules: [{ type: "iteration_limit", limit: iterations }] },
      simulation: { ...c.config.simulation, enabled: true, numScenarios: scenarios },
    },
  };
}

const runs: Record<string, { dir: string; case: Case; summary: RunSummary }> = {};

beforeAll(async () => {
  for (const [name, iterations, scenarios] of [
    ["1dtoy", 30, 12],
    ["4ree", 8, 6],
  ] as const) {
    const loaded = await loadCase(path.join(reference, "examples", name));
    if (!loaded.ok) throw new Error(loaded.error.message);
    const c = shrink(loaded.value, iterations, scenarios);
    const dir = mkdtempSync(path.join(tmpdir(), `cobre-out-${name}-`));
    const r = await runStudy(c, { outputDir: dir, numWorkers: name === "4ree" ? 2 : 1 });
    if (!r.ok) throw new Error(`${name}: ${r.error.message}`);
    runs[name] = { dir, case: c, summary: r.value };
  }
}, 300_000);

describe.each(["1dtoy", "4ree"])("outputs of a %s run", (name) => {
  it("trained with a lower bound that never decreases", () => {
    const lbs = runs[name]!.summary.training!.history.map((h) => h.lowerBound);
    expect(lbs.length).toBeGreaterThan(1);
    for (let i = 1; i < lbs.length; i++) expect(lbs[i]!).toBeGreaterThanOrEqual(lbs[i - 1]! - 1e-9 * Math.abs(lbs[i]!));
    expect(lbs[lbs.length - 1]!).toBeGreaterThan(lbs[0]!);
  });

  it("has every training, policy and simulation artifact", () => {
    const { dir } = runs[name]!;
    for (const f of [
      "training/_manifest.json",
      "training/metadata.json",
      "training/convergence.parquet",
      "training/timing/iterations.parquet",
      "training/timing/mpi_ranks.parquet",
      "training/dictionaries/codes.json",
      "training/dictionaries/bounds.parquet",
      "training/dictionaries/state_dictionary.json",
      "training/dictionaries/variables.csv",
      "training/dictionaries/entities.csv",
      "training/_SUCCESS",
      "simulation/_manifest.json",
      "simulation/_SUCCESS",
      "policy/metadata.json",
      "policy/cuts/stage_000.bin",
    ]) {
      expect(existsSync(path.join(dir, f)), f).toBe(true);
    }
    const manifest = JSON.parse(readFileSync(path.join(dir, "simulation/_manifest.json"), "utf8"));
    expect(manifest.status).toBe("complete");
  });

  it("passes verifyOutputs (schemas, checksums, partitions, row counts)", async () => {
    const { dir, case: c } = runs[name]!;
    const report = await verifyOutputs(dir, { system: c.system });
    expect(report.issues).toEqual([]);
    expect(report.ok).toBe(true);
  });

  it("is read by DuckDB with the book's column names and types, and stages × blocks × entities rows", async () => {
    const { dir, case: c } = runs[name]!;
    const db = await DuckDBInstance.create(":memory:");
    const conn = await db.connect();
    const blocks = c.system.stages.reduce((a, s) => a + s.blocks.length, 0);
    const families: [string, number][] = [
      ["costs", 0],
      ["hydros", c.system.hydros.length],
      ["thermals", c.system.thermals.length],
      ["buses", c.system.buses.length],
      ["exchanges", c.system.lines.length],
    ];
    for (const [entity, count] of families) {
      const glob = path.join(dir, "simulation", entity, "**", "*.parquet");
      if (count === 0 && entity !== "costs") continue;
      const described = await conn.runAndReadAll(
        `DESCRIBE SELECT * FROM read_parquet('${glob}', hive_partitioning = true)`,
      );
      const columns = described.getRowObjects().map((r) => [String(r.column_name), String(r.column_type)]);
      const expected = (schemas[`simulation/${entity}/`] as [string, string, boolean][]).map(([n, t]) => [
        n,
        DUCKDB_TYPE[t],
      ]);
      expect(columns.filter(([n]) => n !== "scenario_id")).toEqual(expected);
      if (count > 0) {
        const rows = await conn.runAndReadAll(
          `SELECT count(*)::INTEGER AS n FROM read_parquet('${glob}', hive_partitioning = true) WHERE scenario_id = 0`,
        );
        expect(rows.getRowObjects()[0]!.n).toBe(blocks * count);
      }
    }
    // DuckDB reads back exactly the bounds the engine reported, iteration by iteration.
    const conv = await conn.runAndReadAll(
      `SELECT iteration, lower_bound, upper_bound_mean FROM read_parquet('${path.join(dir, "training/convergence.parquet")}') ORDER BY iteration`,
    );
    expect(conv.getRowObjects()).toEqual(
      runs[name]!.summary.training!.history.map((h) => ({
        iteration: h.iteration,
        lower_bound: h.lowerBound,
        upper_bound_mean: h.upperBoundMean,
      })),
    );
    conn.closeSync();
  });

  it("writes a policy that reads back bit for bit and simulates to the same costs", async () => {
    const { dir, case: c, summary } = runs[name]!;
    const loaded = await Policy.load(dir);
    if (!loaded.ok) throw new Error(loaded.error.message);
    const trained = summary.training!;
    trained.pools.forEach((pool, t) => {
      const cuts = loaded.value.cuts(t);
      expect(Array.from(cuts.intercepts)).toEqual(Array.from(pool.intercepts.subarray(0, pool.size)));
      expect(Array.from(cuts.coefficients)).toEqual(
        Array.from(pool.coefficients.subarray(0, pool.size * pool.stateDim)),
      );
    });
    const again = await simulate(c, loaded.value, { numScenarios: c.config.simulation.numScenarios });
    if (!again.ok) throw new Error(again.error.message);
    expect(Array.from(again.value.costs)).toEqual(Array.from(summary.simulation!.costs));
  });
});
