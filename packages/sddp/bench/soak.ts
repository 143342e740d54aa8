/**
 * `pnpm --filter @cobre/sddp soak`: the simulation pipeline at volume. 4ree is trained
 * briefly and simulated with 5,000 scenarios through `runStudy`, every scenario written to
 * Hive-partitioned Parquet; then `verifyOutputs` (schemas, checksums, completeness, row
 * counts against the system) and DuckDB (rows per family = scenarios × stages × blocks ×
 * entities, distinct scenario ids) check what was written. Prints the phase times, the
 * peak resident memory of the process (worker threads included) and the bytes on disk.
 * Fails (exit 1) on any discrepancy.
 *
 * Environment: SOAK_SCENARIOS (default 5000), SOAK_ITERATIONS (default 10), SOAK_WORKERS
 * (default 2), SOAK_OUTPUT (default a fresh temp directory, removed afterwards).
 */
import { mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { DuckDBInstance } from "@duckdb/node-api";
import { type Case, isInService } from "@cobre/core";
import { loadCase, verifyOutputs } from "@cobre/io";
import { runStudy } from "../src/study/run-study";

const here = path.dirname(fileURLToPath(import.meta.url));
const scenarios = Number(process.env.SOAK_SCENARIOS ?? 5000);
const iterations = Number(process.env.SOAK_ITERATIONS ?? 10);
const workers = Number(process.env.SOAK_WORKERS ?? 2);

function bytesUnder(dir: string): number {
  let n = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    n += e.isDirectory() ? bytesUnder(p) : statSync(p).size;
  }
  return n;
}

/** Rows per scenario of each dense family, counted from the system (stages × blocks × entities in service). */
function expectedRows(c: Case): Record<string, number> {
  const s = c.system;
  const per = (entities: readonly { entryStageId: number | null; exitStageId: number | null }[] | null) =>
    s.stages.reduce(
      (n, st) => n + st.blocks.length * (entities === null ? 1 : entities.filter((e) => isInService(e, st.id)).length),
      0,
    );
  const rows: Record<string, number> = {
    costs: per(null),
    hydros: per(s.hydros),
    thermals: per(s.thermals),
    buses: per(s.buses.map(() => ({ entryStageId: null, exitStageId: null }))),
  };
  if (s.lines.length > 0) rows.exchanges = per(s.lines);
  return rows;
}

async function main(): Promise<void> {
  const loaded = await loadCase(path.resolve(here, "../../../../shared/cobre-reference/examples/4ree"));
  if (!loaded.ok) throw new Error(loaded.error.message);
  const c: Case = {
    ...loaded.value,
    config: {
      ...loaded.value.config,
      training: { ...loaded.value.config.training, stoppingRules: [{ type: "iteration_limit", limit: iterations }] },
      simulation: { ...loaded.value.config.simulation, enabled: true, numScenarios: scenarios },
      exports: { ...loaded.value.config.exports, simulation: true },
    },
  };
  const out = process.env.SOAK_OUTPUT ?? path.join(mkdtempSync(path.join(tmpdir(), "cobre-soak-")), "out");
  const failures: string[] = [];
  let trainingEnd = 0;
  const t0 = performance.now();
  const run = await runStudy(c, {
    outputDir: out,
    numWorkers: workers,
    onProgress: (e) => {
      if (e.phase === "simulation" && trainingEnd === 0) trainingEnd = performance.now();
    },
  });
  const t1 = performance.now();
  if (!run.ok) throw new Error(`runStudy: ${run.error.kind}: ${run.error.message}`);
  const peakRssMb = process.resourceUsage().maxRSS / 1024; // kB → MiB

  const verified = await verifyOutputs(out, { system: c.system });
  const t2 = performance.now();
  if (!verified.ok) failures.push(...verified.issues.slice(0, 10).map((i) => `verifyOutputs: ${i.file}: ${i.message}`));
  if (!verified.complete) failures.push(`verifyOutputs: not complete (${JSON.stringify(verified.status)})`);
  if (verified.scenariosChecked !== scenarios)
    failures.push(`verifyOutputs checked ${verified.scenariosChecked} scenarios`);

  const db = await DuckDBInstance.create(":memory:");
  const conn = await db.connect();
  const counts: string[] = [];
  for (const [family, perScenario] of Object.entries(expectedRows(c))) {
    const glob = path.join(out, "simulation", family, "**", "*.parquet");
    const res = await conn.runAndReadAll(
      `SELECT count(*)::BIGINT AS n, count(DISTINCT scenario_id)::BIGINT AS s FROM read_parquet('${glob}', hive_partitioning = true)`,
    );
    const row = res.getRowObjects()[0] as { n: bigint; s: bigint };
    const expected = BigInt(perScenario) * BigInt(scenarios);
    counts.push(`${family} ${row.n} rows (${perScenario} × ${scenarios}), ${row.s} scenarios`);
    if (row.n !== expected) failures.push(`DuckDB: ${family} has ${row.n} rows, expected ${expected}`);
    if (row.s !== BigInt(scenarios)) failures.push(`DuckDB: ${family} has ${row.s} scenarios, expected ${scenarios}`);
  }
  conn.closeSync();
  const t3 = performance.now();
  const mb = bytesUnder(out) / 1e6;

  console.log(`## Soak: 4ree, ${scenarios} scenarios to Parquet\n`);
  console.log(`- workers: ${workers}, training iterations: ${iterations}`);
  console.log(`- training (runStudy up to the first simulated scenario): ${((trainingEnd - t0) / 1000).toFixed(1)} s`);
  console.log(`- simulation + writing + closing: ${((t1 - trainingEnd) / 1000).toFixed(1)} s`);
  console.log(`- verifyOutputs (${verified.filesChecked} files): ${((t2 - t1) / 1000).toFixed(1)} s`);
  console.log(`- DuckDB row counts: ${((t3 - t2) / 1000).toFixed(1)} s — ${counts.join("; ")}`);
  console.log(`- peak resident memory (process, worker threads included): ${peakRssMb.toFixed(0)} MiB`);
  console.log(`- on disk: ${mb.toFixed(1)} MB`);
  if (process.env.SOAK_OUTPUT === undefined) rmSync(path.dirname(out), { recursive: true, force: true });
  if (failures.length > 0) {
    console.error(`soak FAILED:\n${failures.join("\n")}`);
    process.exitCode = 1;
  } else console.log("- checks: verifyOutputs complete with no issue; DuckDB row counts exact");
}

await main();
