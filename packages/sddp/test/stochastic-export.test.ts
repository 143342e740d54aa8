/**
 * `exports.stochastic` (Cobre book, "Stochastic Artifacts"): `runStudy` writes the
 * stochastic model to `<output>/stochastic/` before training, with the input files'
 * names, columns and Arrow types; copying them into the case's `scenarios/` and running
 * again skips estimation and reproduces the run bit for bit. Without the flag there is no
 * `stochastic/` directory.
 */
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { DuckDBInstance } from "@duckdb/node-api";
import { writeParquetTable } from "@cobre/test-support";
import { tableFromArrays } from "apache-arrow";
import { type Case, type CorrelationModel, correlationFileSchema } from "@cobre/core";
import { correlationDocument, loadCase } from "@cobre/io";
import { runStudy, stochasticArtifacts } from "@cobre/sddp";
import { describe, expect, it } from "vitest";
import { inflowModelInputs } from "../src/scenario/inflow-model-inputs";

const here = path.dirname(fileURLToPath(import.meta.url));
const d26 = path.resolve(here, "../../../../shared/cobre-reference/examples/deterministic/d26-estimated-par2");
const d01 = path.resolve(here, "../../../../shared/cobre-reference/examples/deterministic/d01-thermal-dispatch");
const d15 = path.resolve(here, "../../../../shared/cobre-reference/examples/deterministic/d15-non-controllable-source");
const d12 = path.resolve(here, "../../../../shared/cobre-reference/examples/deterministic/d12-par-annual");
const cascadePar = path.resolve(here, "../../../examples/cascade-par");

const tmp = (tag: string) => mkdtempSync(path.join(tmpdir(), `cobre-stochastic-${tag}-`));

/** A temp copy of a case with `exports.stochastic` set and the given config edits. */
function copyWithExport(source: string, edit: (config: Record<string, unknown>) => void = () => {}): string {
  const dir = tmp("case");
  cpSync(source, dir, { recursive: true });
  const file = path.join(dir, "config.json");
  const config = JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>;
  config.exports = { ...(config.exports as object | undefined), stochastic: true };
  edit(config);
  writeFileSync(file, JSON.stringify(config, null, 2));
  return dir;
}

async function load(dir: string): Promise<Case> {
  const loaded = await loadCase(dir);
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.error).slice(0, 2000));
  return loaded.value;
}

async function run(c: Case, outputDir: string) {
  const r = await runStudy(c, { outputDir });
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

/** Column name → DuckDB type, and the rows, of one Parquet file. */
async function duck(file: string): Promise<{ types: Record<string, string>; rows: Record<string, unknown>[] }> {
  const db = await DuckDBInstance.create(":memory:");
  const conn = await db.connect();
  try {
    const reader = await conn.runAndReadAll(`SELECT * FROM read_parquet('${file}')`);
    const names = reader.columnNames();
    const types = reader.columnTypes().map(String);
    return {
      types: Object.fromEntries(names.map((n, i) => [n, types[i]!])),
      rows: reader.getRowObjects() as Record<string, unknown>[],
    };
  } finally {
    conn.closeSync();
  }
}

describe("exports.stochastic", () => {
  it("d26 (PAR fitted from history): export, copy into scenarios/, re-run without estimation, same bounds", async () => {
    const caseDir = copyWithExport(d26);
    const first = await load(caseDir);
    expect(first.scenarios.inflowSeasonalStats).toHaveLength(0);
    expect(first.scenarios.inflowHistory.length).toBeGreaterThan(0);

    const out1 = path.join(caseDir, "output");
    const r1 = await run(first, out1);
    const stochastic = path.join(out1, "stochastic");
    expect(readdirSync(stochastic).sort()).toEqual(
      [
        "correlation.json",
        "fitting_report.json",
        "inflow_ar_coefficients.parquet",
        "inflow_seasonal_stats.parquet",
        "load_seasonal_stats.parquet",
        "noise_openings.parquet",
      ].sort(),
    );

    // Exact input column names and types (DuckDB: INTEGER = Int32, UINTEGER = UInt32).
    const noise = await duck(path.join(stochastic, "noise_openings.parquet"));
    expect(noise.types).toEqual({
      stage_id: "INTEGER",
      opening_index: "UINTEGER",
      entity_index: "UINTEGER",
      value: "DOUBLE",
    });
    const T = first.system.stages.length;
    const H = first.system.hydros.length;
    // One opening per stage (num_scenarios = 1); entities: the hydro (loads are deterministic).
    expect(noise.rows).toHaveLength(T * 1 * H);
    expect(noise.rows.map((r) => r.stage_id)).toEqual(Array.from({ length: T }, (_, t) => t));
    const stats = await duck(path.join(stochastic, "inflow_seasonal_stats.parquet"));
    expect(stats.types).toEqual({ hydro_id: "INTEGER", stage_id: "INTEGER", mean_m3s: "DOUBLE", std_m3s: "DOUBLE" });
    // Every study and pre-study stage (the pre-study means seed the initial lags).
    expect(stats.rows).toHaveLength(H * (T + first.system.preStudyStages.length));
    const ar = await duck(path.join(stochastic, "inflow_ar_coefficients.parquet"));
    expect(ar.types).toEqual({
      hydro_id: "INTEGER",
      stage_id: "INTEGER",
      lag: "INTEGER",
      coefficient: "DOUBLE",
      residual_std_ratio: "DOUBLE",
    });
    expect(ar.rows.length).toBeGreaterThan(0);
    for (const row of ar.rows) {
      expect(row.residual_std_ratio as number).toBeGreaterThan(0);
      expect(row.residual_std_ratio as number).toBeLessThanOrEqual(1);
    }
    const loadStats = await duck(path.join(stochastic, "load_seasonal_stats.parquet"));
    expect(loadStats.types).toEqual({ bus_id: "INTEGER", stage_id: "INTEGER", mean_mw: "DOUBLE", std_mw: "DOUBLE" });
    expect(loadStats.rows).toHaveLength(first.scenarios.loadSeasonalStats.length);

    // No correlation.json in the case: the model estimated from the PAR residuals when the
    // estimation provides one, else the identity (a model without groups); the input format.
    const corr = JSON.parse(readFileSync(path.join(stochastic, "correlation.json"), "utf8"));
    expect(correlationFileSchema.safeParse(corr).success).toBe(true);
    const par = inflowModelInputs(first);
    if (!par.ok) throw new Error(par.error.message);
    const estimatedCorrelation = (par.value as { estimatedCorrelation?: CorrelationModel }).estimatedCorrelation;
    expect(corr).toEqual(correlationDocument(estimatedCorrelation ?? null));
    if (estimatedCorrelation === undefined) expect(corr).toEqual({ method: "spectral", profiles: {} });
    const report = JSON.parse(readFileSync(path.join(stochastic, "fitting_report.json"), "utf8"));
    const entry = report.hydros[String(first.system.hydros[0]!.id)];
    expect(entry.coefficients).toHaveLength(12);
    expect(entry.selected_order).toBe(Math.max(...entry.coefficients.map((c: number[]) => c.length)));
    expect(entry.aic_scores).toEqual([]);

    // The round trip of the book: cp -r output/stochastic/* scenarios/, run again.
    for (const f of readdirSync(stochastic)) cpSync(path.join(stochastic, f), path.join(caseDir, "scenarios", f));
    const second = await load(caseDir);
    // The loader now finds the parameters (no estimation) and the opening tree.
    expect(second.scenarios.inflowSeasonalStats.length).toBe(stats.rows.length);
    expect(second.scenarios.inflowArCoefficients.length).toBe(ar.rows.length);
    expect(second.scenarios.noiseOpenings).toHaveLength(noise.rows.length);
    const again = stochasticArtifacts(second);
    if (!again.ok) throw new Error(again.error.message);
    expect(again.value.estimated).toBeUndefined();

    const out2 = path.join(caseDir, "output2");
    const r2 = await run(second, out2);
    // The second run exports no estimation artifacts: nothing was estimated.
    expect(readdirSync(path.join(out2, "stochastic")).sort()).toEqual(
      ["correlation.json", "load_seasonal_stats.parquet", "noise_openings.parquet"].sort(),
    );
    // Same model, same tree, same seed: bit-identical bounds at every iteration, and the
    // reference optimum of d26 (deterministic-suite.test.ts) both times.
    expect(r2.training!.finalLowerBound).toBe(r1.training!.finalLowerBound);
    expect(Math.abs(r1.training!.finalLowerBound - 50607484.90581006)).toBeLessThanOrEqual(1);
    expect(r2.training!.history.map((h) => h.lowerBound)).toEqual(r1.training!.history.map((h) => h.lowerBound));
    expect(r2.training!.history.map((h) => h.upperBoundMean)).toEqual(
      r1.training!.history.map((h) => h.upperBoundMean),
    );
    // And the re-exported opening tree is byte-for-byte the same values.
    const noise2 = await duck(path.join(out2, "stochastic", "noise_openings.parquet"));
    expect(noise2.rows).toEqual(noise.rows);
  });

  it("d12 (PAR(p)-A, exports.stochastic in its config): the annual component round-trips too", async () => {
    const caseDir = tmp("d12");
    cpSync(d12, caseDir, { recursive: true });
    const first = await load(caseDir);
    expect(first.config.exports.stochastic).toBe(true);
    const par = inflowModelInputs(first);
    if (!par.ok) throw new Error(par.error.message);
    const annual = (par.value as { annualComponents?: readonly unknown[] }).annualComponents ?? [];
    const r1 = await run(first, path.join(caseDir, "output"));
    const stochastic = path.join(caseDir, "output", "stochastic");
    const files = readdirSync(stochastic).sort();
    // No load statistics in d12: no load file.
    expect(files).toEqual(
      [
        "correlation.json",
        "fitting_report.json",
        ...(annual.length > 0 ? ["inflow_annual_component.parquet"] : []),
        "inflow_ar_coefficients.parquet",
        "inflow_seasonal_stats.parquet",
        "noise_openings.parquet",
      ].sort(),
    );
    if (annual.length > 0) {
      const a = await duck(path.join(stochastic, "inflow_annual_component.parquet"));
      expect(a.types).toEqual({
        hydro_id: "INTEGER",
        stage_id: "INTEGER",
        annual_coefficient: "DOUBLE",
        annual_mean_m3s: "DOUBLE",
        annual_std_m3s: "DOUBLE",
      });
      expect(a.rows).toHaveLength(annual.length);
    }
    for (const f of files) cpSync(path.join(stochastic, f), path.join(caseDir, "scenarios", f));
    const second = await load(caseDir);
    const again = stochasticArtifacts(second);
    if (!again.ok) throw new Error(again.error.message);
    expect(again.value.estimated).toBeUndefined();
    const r2 = await run(second, path.join(caseDir, "output2"));
    expect(readdirSync(path.join(caseDir, "output2", "stochastic")).sort()).toEqual([
      "correlation.json",
      "noise_openings.parquet",
    ]);
    expect(r2.training!.history.map((h) => h.lowerBound)).toEqual(r1.training!.history.map((h) => h.lowerBound));
  });

  it("a stochastic case (openings, correlated inflows, a stochastic load): identical bounds after the round trip", async () => {
    const caseDir = copyWithExport(cascadePar, (config) => {
      config.training = {
        ...(config.training as object),
        stopping_rules: [{ type: "iteration_limit", limit: 5 }],
      };
      config.simulation = { enabled: false, num_scenarios: 1 };
    });
    // Bus 1 gets a stochastic load (std = 5 % of the mean), hydros 0–2 correlated inflows.
    const loads = await load(caseDir);
    const rows = loads.scenarios.loadSeasonalStats;
    const table = tableFromArrays({
      bus_id: Int32Array.from(rows, (r) => r.busId),
      stage_id: Int32Array.from(rows, (r) => r.stageId),
      mean_mw: Float64Array.from(rows, (r) => r.meanMw),
      std_mw: Float64Array.from(rows, (r) => (r.busId === 1 ? 0.05 * r.meanMw : 0)),
    });
    writeParquetTable(path.join(caseDir, "scenarios", "load_seasonal_stats.parquet"), table);
    const correlation = {
      method: "spectral",
      profiles: {
        default: {
          correlation_groups: [
            {
              name: "upstream",
              entities: [0, 1, 2].map((id) => ({ type: "inflow", id })),
              matrix: [
                [1, 0.5, 0.3],
                [0.5, 1, 0.4],
                [0.3, 0.4, 1],
              ],
            },
          ],
        },
      },
    };
    writeFileSync(path.join(caseDir, "scenarios", "correlation.json"), JSON.stringify(correlation));

    const first = await load(caseDir);
    const r1 = await run(first, path.join(caseDir, "output"));
    const stochastic = path.join(caseDir, "output", "stochastic");
    // Statistics given by the case: nothing estimated, so no inflow files.
    expect(readdirSync(stochastic).sort()).toEqual(
      ["correlation.json", "load_seasonal_stats.parquet", "noise_openings.parquet"].sort(),
    );
    // The case's correlation model, in the input format.
    expect(JSON.parse(readFileSync(path.join(stochastic, "correlation.json"), "utf8"))).toEqual(correlation);
    const noise = await duck(path.join(stochastic, "noise_openings.parquet"));
    const openings = first.system.stages.reduce((a, s) => a + s.numScenarios, 0);
    // Entities: the 7 hydros, then the stochastic load bus.
    const H = first.system.hydros.length;
    expect(new Set(noise.rows.map((r) => r.entity_index))).toEqual(new Set(Array.from({ length: H + 1 }, (_, e) => e)));
    expect(noise.rows).toHaveLength(openings * (H + 1));
    const exportedLoads = await duck(path.join(stochastic, "load_seasonal_stats.parquet"));
    expect(exportedLoads.rows.filter((r) => (r.std_mw as number) > 0)).toHaveLength(first.system.stages.length);

    for (const f of readdirSync(stochastic)) cpSync(path.join(stochastic, f), path.join(caseDir, "scenarios", f));
    const second = await load(caseDir);
    expect(second.scenarios.noiseOpenings).toHaveLength(noise.rows.length);
    const r2 = await run(second, path.join(caseDir, "output2"));
    expect(r2.training!.history.map((h) => h.lowerBound)).toEqual(r1.training!.history.map((h) => h.lowerBound));
    expect(r2.training!.history.map((h) => h.upperBoundMean)).toEqual(
      r1.training!.history.map((h) => h.upperBoundMean),
    );
  });

  it("a case without random variables (d01, thermal only): the artifacts load back", async () => {
    const caseDir = copyWithExport(d01);
    const first = await load(caseDir);
    await run(first, path.join(caseDir, "output"));
    const stochastic = path.join(caseDir, "output", "stochastic");
    // No hydro, no stochastic load: nothing to draw, so no opening tree file.
    expect(readdirSync(stochastic).sort()).toEqual(["correlation.json", "load_seasonal_stats.parquet"]);
    for (const f of readdirSync(stochastic)) cpSync(path.join(stochastic, f), path.join(caseDir, "scenarios", f));
    const second = await load(caseDir);
    expect(second.scenarios.loadSeasonalStats).toEqual(first.scenarios.loadSeasonalStats);
  });

  it("d15 (a stochastic NCS in the noise vector): the exported tree loads back and trains to the same bound", async () => {
    const caseDir = copyWithExport(d15);
    const first = await load(caseDir);
    const a = await run(first, path.join(caseDir, "output"));
    const stochastic = path.join(caseDir, "output", "stochastic");
    expect(readdirSync(stochastic)).toContain("noise_openings.parquet");
    for (const f of readdirSync(stochastic)) cpSync(path.join(stochastic, f), path.join(caseDir, "scenarios", f));
    const second = await load(caseDir);
    expect(second.scenarios.noiseOpenings?.length).toBeGreaterThan(0);
    const b = await run(second, path.join(caseDir, "output2"));
    expect(b.training?.finalLowerBound).toBe(a.training?.finalLowerBound);
  });

  it("without exports.stochastic there is no stochastic/ directory", async () => {
    const c = await load(cascadePar);
    expect(c.config.exports.stochastic).toBe(false);
    const out = tmp("off");
    await run(
      {
        ...c,
        config: {
          ...c.config,
          training: { ...c.config.training, stoppingRules: [{ type: "iteration_limit", limit: 2 }] },
          simulation: { ...c.config.simulation, enabled: false },
        },
      },
      out,
    );
    expect(existsSync(path.join(out, "training"))).toBe(true);
    expect(existsSync(path.join(out, "stochastic"))).toBe(false);
  });
});
