/**
 * Simulation-output writing throughput: the same scenario results written by our
 * `SimulationParquetWriter` (Hive partitions, Zstd, atomic files, checksums) and re-written
 * by DuckDB's `COPY … (FORMAT parquet, COMPRESSION zstd)` in the same run.
 */
import { mkdtempSync, readdirSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import type { Case } from "@cobre/core";
import { SimulationParquetWriter, type SimulationScenarioResult } from "@cobre/io";
import { simulate } from "../src/simulation/simulate";
import type { TrainingOutcome } from "../src/training/train";

function bytesUnder(dir: string): number {
  let n = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    n += e.isDirectory() ? bytesUnder(p) : statSync(p).size;
  }
  return n;
}

function rowsOf(r: SimulationScenarioResult): number {
  let n = 0;
  for (const family of Object.values(r)) {
    if (typeof family !== "object" || family === null) continue;
    const first = Object.values(family)[0];
    if (first !== undefined && ArrayBuffer.isView(first)) n += (first as { length: number }).length;
  }
  return n;
}

export async function writerBench(c: Case, trained: TrainingOutcome, scenarios: number): Promise<string> {
  const results: SimulationScenarioResult[] = [];
  const sim = await simulate(c, trained, { numScenarios: scenarios, onScenario: (r) => void results.push(r) });
  if (!sim.ok) throw new Error(sim.error.message);
  const rows = results.reduce((a, r) => a + rowsOf(r), 0);

  const out = mkdtempSync(path.join(tmpdir(), "cobre-writer-bench-"));
  const t0 = performance.now();
  const writer = await SimulationParquetWriter.create(out, { system: c.system, totalScenarios: scenarios });
  if (!writer.ok) throw new Error(writer.error.kind);
  for (const r of results) {
    const w = await writer.value.writeScenario(r);
    if (!w.ok) throw new Error(w.error.kind);
  }
  const fin = await writer.value.finalize();
  if (!fin.ok) throw new Error(fin.error.kind);
  const oursMs = performance.now() - t0;
  const oursBytes = bytesUnder(path.join(out, "simulation"));

  const db = await DuckDBInstance.create(":memory:");
  const conn = await db.connect();
  const simDir = path.join(out, "simulation");
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

  const line = (name: string, ms: number, bytes: number) =>
    `| ${name} | ${(ms / 1000).toFixed(2)} | ${((rows / ms) * 1000).toFixed(0)} | ${(bytes / 1e6 / (ms / 1000)).toFixed(1)} | ${(bytes / 1e6).toFixed(1)} |`;
  return [
    `${scenarios} simulated scenarios, ${rows} rows over ${entities.length} entity families, one partition per scenario and family:`,
    "",
    "| writer | seconds | rows/s | MB/s | MB on disk |",
    "|---|---|---|---|---|",
    line("SimulationParquetWriter (Zstd, atomic files, xxhash64)", oursMs, oursBytes),
    line("DuckDB COPY … (FORMAT parquet, COMPRESSION zstd, PARTITION_BY scenario_id)", duckMs, duckBytes),
  ].join("\n");
}
