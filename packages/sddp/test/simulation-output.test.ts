/**
 * The simulation output pipeline of `runStudy`: partitions encoded in the workers are
 * byte-identical whatever the number of workers, and identical to what the writer makes
 * of the columnar results itself; `simulation/solver/iterations.parquet` has one row per
 * (scenario, stage) whose solve counts add up to the run's LP solves, and
 * `simulation/solver/retry_histogram.parquet` one per level that recovered a solve.
 */
import { readFileSync, readdirSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { tableFromIPC } from "apache-arrow";
import { readParquet } from "parquet-wasm";
import type { Case } from "@cobre/core";
import {
  loadCase,
  SIMULATION_RETRY_HISTOGRAM_SCHEMA,
  SIMULATION_SOLVER_ITERATIONS_SCHEMA,
  SimulationParquetWriter,
  verifyOutputs,
} from "@cobre/io";
import { runStudy, simulate, train } from "@cobre/sddp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const here = path.dirname(fileURLToPath(import.meta.url));
const tiny = path.resolve(here, "../../../examples/hydro-tiny");
const SCENARIOS = 21; // not a multiple of the batch size, nor of the worker count

let c: Case;
const dirs: string[] = [];
beforeAll(async () => {
  const loaded = await loadCase(tiny);
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.error.errors));
  c = {
    ...loaded.value,
    config: {
      ...loaded.value.config,
      training: { ...loaded.value.config.training, stoppingRules: [{ type: "iteration_limit", limit: 5 }] },
      simulation: { ...loaded.value.config.simulation, enabled: true, numScenarios: SCENARIOS },
    },
  };
});
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

async function tempDir(): Promise<string> {
  const d = await mkdtemp(path.join(tmpdir(), "cobre-sim-out-"));
  dirs.push(d);
  return d;
}

/** Every partition file under `simulation/`, relative path → bytes. */
function partitions(out: string): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  const walk = (rel: string) => {
    for (const e of readdirSync(path.join(out, rel), { withFileTypes: true })) {
      const r = path.join(rel, e.name);
      if (e.isDirectory()) walk(r);
      else if (e.name === "data.parquet") files.set(r, readFileSync(path.join(out, r)));
    }
  };
  walk("simulation");
  return files;
}

describe("simulation output pipeline", () => {
  it("writes byte-identical partitions with 1 and 2 workers, equal to the writer's own encoding", async () => {
    const one = await tempDir();
    const two = await tempDir();
    const r1 = await runStudy(c, { outputDir: one, numWorkers: 1 });
    const r2 = await runStudy(c, { outputDir: two, numWorkers: 2 });
    if (!r1.ok || !r2.ok) throw new Error("run failed");
    const a = partitions(one);
    const b = partitions(two);
    expect(a.size).toBe(SCENARIOS * 6); // costs, hydros, thermals, exchanges, buses, inflow lags
    expect([...b.keys()].sort()).toEqual([...a.keys()].sort());
    for (const [rel, bytes] of a) expect(bytes.equals(b.get(rel)!), rel).toBe(true);

    // Reference: the columnar results of the same policy, encoded by the writer itself.
    const trained = await train(c);
    if (!trained.ok) throw new Error(trained.error.message);
    const ref = await tempDir();
    const w = await SimulationParquetWriter.create(ref, { system: c.system, totalScenarios: SCENARIOS });
    if (!w.ok) throw new Error(w.error.kind);
    // As runStudy without store_basis: the bases derived from the cuts, not the training's.
    const sim = await simulate(
      c,
      { pools: trained.value.pools },
      {
        numScenarios: SCENARIOS,
        onScenario: async (s) => void (await w.value.writeScenario(s)),
      },
    );
    if (!sim.ok) throw new Error(sim.error.message);
    expect((await w.value.finalize()).ok).toBe(true);
    const refFiles = partitions(ref);
    expect(refFiles.size).toBe(a.size);
    for (const [rel, bytes] of refFiles) expect(bytes.equals(a.get(rel)!), rel).toBe(true);
  }, 120_000);

  it("writes simulation/solver/iterations.parquet: one row per (scenario, stage), solves adding up", async () => {
    const out = await tempDir();
    const r = await runStudy(c, { outputDir: out, numWorkers: 2 });
    if (!r.ok) throw new Error(r.error.message);
    const bytes = new Uint8Array(readFileSync(path.join(out, SIMULATION_SOLVER_ITERATIONS_SCHEMA.path)));
    const table = tableFromIPC(readParquet(bytes).intoIPCStream());
    expect(table.schema.fields.map((f) => f.name)).toEqual(
      SIMULATION_SOLVER_ITERATIONS_SCHEMA.columns.map((s) => s.name),
    );
    const T = c.system.stages.length;
    expect(table.numRows).toBe(SCENARIOS * T);
    const col = (name: string) => Array.from(table.getChild(name)!.toArray() as ArrayLike<number | bigint>, Number);
    expect(col("iteration")).toEqual(Array.from({ length: SCENARIOS * T }, (_, i) => Math.floor(i / T)));
    expect(col("stage")).toEqual(Array.from({ length: SCENARIOS * T }, (_, i) => i % T));
    expect(new Set(table.getChild("phase")!.toArray())).toEqual(new Set(["simulation"]));
    expect(table.getChild("opening")!.nullCount).toBe(SCENARIOS * T);
    const solves = col("lp_solves");
    expect(solves.every((s) => s === 1)).toBe(true); // one LP per (scenario, stage)
    expect(solves.reduce((x, y) => x + y, 0)).toBe(r.value.simulation!.lpSolves);
    expect(col("lp_successes")).toEqual(solves);
    expect(col("simplex_iterations").every((v) => v >= 0)).toBe(true);
    expect(col("solve_time_ms").every((v) => v >= 0)).toBe(true);
    // The retry histogram beside it: the book's 5 columns, its counts those of lp_retries
    // (retry_config.test.ts forces retries; here they are whatever HiGHS needed).
    const hist = tableFromIPC(
      readParquet(new Uint8Array(readFileSync(path.join(out, SIMULATION_RETRY_HISTOGRAM_SCHEMA.path)))).intoIPCStream(),
    );
    expect(hist.schema.fields.map((f) => f.name)).toEqual(["iteration", "phase", "stage", "retry_level", "count"]);
    const counts = Array.from(hist.getChild("count")!.toArray() as ArrayLike<bigint>, Number);
    expect(counts.reduce((x, y) => x + y, 0)).toBe(col("lp_retries").reduce((x, y) => x + y, 0));
    // verifyOutputs checks the file's schema along with the partitions.
    const report = await verifyOutputs(out, { system: c.system });
    expect(report.issues).toEqual([]);
    await rm(path.join(out, SIMULATION_SOLVER_ITERATIONS_SCHEMA.path));
    await rm(path.join(out, SIMULATION_RETRY_HISTOGRAM_SCHEMA.path));
    const without = await verifyOutputs(out, { system: c.system });
    expect(without.filesChecked).toBe(report.filesChecked - 2);
  }, 120_000);
});
