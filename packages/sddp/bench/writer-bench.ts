/**
 * Simulation-output writing throughput on the same rows: our `SimulationParquetWriter`
 * encoding on its own thread (1 core), our pipeline with two encoding threads feeding the
 * writer (2 cores, as two simulation workers do), and DuckDB's
 * `COPY … (FORMAT parquet, COMPRESSION zstd, PARTITION_BY scenario_id)` of the same rows.
 */
import { mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import type { Case } from "@cobre/core";
import { type EncodedScenario, SimulationParquetWriter, type SimulationScenarioResult } from "@cobre/io";
import { Piscina } from "piscina";
import { simulate } from "../src/simulation/simulate";
import type { TrainingOutcome } from "../src/training/train";
import { bytesUnder } from "./simulation-bench";

function rowsOf(r: SimulationScenarioResult): number {
  let n = 0;
  for (const family of Object.values(r)) {
    if (typeof family !== "object" || family === null) continue;
    const first = Object.values(family)[0];
    if (first !== undefined && ArrayBuffer.isView(first)) n += (first as unknown as { length: number }).length;
  }
  return n;
}

/** Writes `results` with our writer; with `pool`, scenarios are encoded there first (in order). */
async function ours(
  c: Case,
  results: readonly SimulationScenarioResult[],
  pool: Piscina | null,
): Promise<{ ms: number; bytes: number; out: string }> {
  const out = mkdtempSync(path.join(tmpdir(), "cobre-writer-bench-"));
  const t0 = performance.now();
  const writer = await SimulationParquetWriter.create(out, { system: c.system, totalScenarios: results.length });
  if (!writer.ok) throw new Error(writer.error.kind);
  if (pool === null) {
    for (const r of results) {
      const w = await writer.value.writeScenario(r);
      if (!w.ok) throw new Error(w.error.kind);
    }
  } else {
    // A window of encodings in flight, written in scenario order.
    const window = 8;
    const pending: Promise<EncodedScenario>[] = [];
    let next = 0;
    for (; next < Math.min(window, results.length); next++) pending.push(pool.run(results[next]));
    for (let i = 0; i < results.length; i++) {
      const encoded = await pending[i]!;
      if (next < results.length) pending.push(pool.run(results[next++]));
      const w = await writer.value.writeScenario(encoded);
      if (!w.ok) throw new Error(w.error.kind);
    }
  }
  const fin = await writer.value.finalize();
  if (!fin.ok) throw new Error(fin.error.kind);
  return { ms: performance.now() - t0, bytes: bytesUnder(path.join(out, "simulation")), out };
}

function encodingPool(c: Case): Piscina {
  const here = import.meta.url;
  return new Piscina({
    filename: new URL("./encode-worker.ts", here).href,
    execArgv: ["--conditions=@cobre/source", "--import", "tsx"],
    minThreads: 2,
    maxThreads: 2,
    idleTimeout: Number.POSITIVE_INFINITY,
    workerData: { system: c.system, parquet: {} },
  });
}

export async function writerBench(c: Case, trained: TrainingOutcome, scenarios: number): Promise<string> {
  const results: SimulationScenarioResult[] = [];
  const sim = await simulate(c, trained, { numScenarios: scenarios, onScenario: (r) => void results.push(r) });
  if (!sim.ok) throw new Error(sim.error.message);
  const rows = results.reduce((a, r) => a + rowsOf(r), 0);

  const single = await ours(c, results, null);
  const pool = encodingPool(c);
  // Warm the threads (module load, Wasm instantiation) outside the timing, as DuckDB's
  // instance is created outside it.
  await Promise.all([pool.run(results[0]), pool.run(results[Math.min(1, results.length - 1)])]);
  const parallel = await ours(c, results, pool);
  await pool.destroy();

  const db = await DuckDBInstance.create(":memory:");
  const conn = await db.connect();
  const simDir = path.join(single.out, "simulation");
  const entities = readdirSync(simDir).filter((e) => statSync(path.join(simDir, e)).isDirectory());
  for (const e of entities) {
    await conn.run(
      `CREATE TABLE "${e.replace("/", "_")}" AS SELECT * FROM read_parquet('${path.join(simDir, e, "**", "*.parquet")}', hive_partitioning = true)`,
    );
  }
  const duckOut = mkdtempSync(path.join(tmpdir(), "cobre-duck-bench-"));
  const t1 = performance.now();
  for (const e of entities) {
    await conn.run(
      `COPY "${e.replace("/", "_")}" TO '${path.join(duckOut, e.replace("/", "_"))}' (FORMAT parquet, COMPRESSION zstd, PARTITION_BY (scenario_id))`,
    );
  }
  const duckMs = performance.now() - t1;
  const duckBytes = bytesUnder(duckOut);
  conn.closeSync();
  for (const d of [single.out, parallel.out, duckOut]) rmSync(d, { recursive: true, force: true });

  const line = (name: string, ms: number, bytes: number) =>
    `| ${name} | ${(ms / 1000).toFixed(2)} | ${((rows / ms) * 1000).toFixed(0)} | ${(bytes / 1e6 / (ms / 1000)).toFixed(1)} | ${(bytes / 1e6).toFixed(1)} |`;
  return [
    `${scenarios} simulated scenarios, ${rows} rows over ${entities.length} entity families, one partition per scenario and family:`,
    "",
    "| writer | seconds | rows/s | MB/s | MB on disk |",
    "|---|---|---|---|---|",
    line("SimulationParquetWriter, encoding on its own thread (1 core)", single.ms, single.bytes),
    line(
      "SimulationParquetWriter fed by 2 encoding threads (2 cores, as 2 simulation workers)",
      parallel.ms,
      parallel.bytes,
    ),
    line("DuckDB COPY … (FORMAT parquet, COMPRESSION zstd, PARTITION_BY scenario_id)", duckMs, duckBytes),
  ].join("\n");
}
