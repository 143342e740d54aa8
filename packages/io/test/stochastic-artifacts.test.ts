/**
 * `writeStochasticArtifacts` (`exports.stochastic`): every file under `stochastic/` has
 * the name, columns and Arrow types of the case input file it stands for (read back by
 * DuckDB and by our own case loader), rows sorted by their keys, atomic writes, stale
 * artifacts removed, failures returned as `OutputError`s.
 */
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { type CorrelationModel, correlationFileSchema } from "@cobre/core";
import { DuckDBInstance } from "@duckdb/node-api";
import { describe, expect, it } from "vitest";
import { loadCase } from "../src/index";
import { STOCHASTIC_ARTIFACT_FILES, type StochasticArtifacts, writeStochasticArtifacts } from "../src/output/index";

const here = dirname(fileURLToPath(import.meta.url));
const hydroTiny = join(here, "../../../examples/hydro-tiny");
const tmp = () => mkdtempSync(join(tmpdir(), "cobre-stochastic-io-"));

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

const CORRELATION: CorrelationModel = {
  method: "cholesky",
  profiles: {
    wet: {
      correlationGroups: [
        {
          name: "north",
          entities: [
            { type: "inflow", id: 3 },
            { type: "inflow", id: 7 },
          ],
          matrix: [
            [1, 0.123456789012345],
            [0.123456789012345, 1],
          ],
        },
      ],
    },
    default: { correlationGroups: [] },
  },
  schedule: [{ stageId: 0, profileName: "wet" }],
};

/** Two stages (2 and 1 openings) of a 3-entity noise vector; rows given out of key order. */
function fullArtifacts(): StochasticArtifacts {
  return {
    openingTree: {
      noiseDim: 3,
      numOpenings: [2, 1],
      values: [Float64Array.of(0.1, 0.2, 0.3, -0.4, -0.5, -0.6), Float64Array.of(1.5, -2.5, 3.5)],
    },
    correlation: CORRELATION,
    loadSeasonalStats: [
      { busId: 2, stageId: 1, meanMw: 40, stdMw: 4 },
      { busId: 2, stageId: 0, meanMw: 30, stdMw: 3 },
    ],
    estimated: {
      seasonalStats: [
        { hydroId: 7, stageId: -1, meanM3s: 70.5, stdM3s: 7.25 },
        { hydroId: 3, stageId: 0, meanM3s: 30.5, stdM3s: 3.25 },
      ],
      arCoefficients: [
        { hydroId: 3, stageId: 0, lag: 2, coefficient: 0.2, residualStdRatio: 0.9 },
        { hydroId: 3, stageId: 0, lag: 1, coefficient: 0.6, residualStdRatio: 0.9 },
        { hydroId: 7, stageId: 0, lag: 1, coefficient: 0.4 },
      ],
      annualComponent: [{ hydroId: 3, stageId: 0, annualCoefficient: 0.3, annualMeanM3s: 31, annualStdM3s: 2 }],
      fittingReport: {
        hydros: [
          { hydroId: 7, selectedOrder: 1, aicScores: [], coefficients: [[0.4], []] },
          { hydroId: 3, selectedOrder: 2, aicScores: [10.5, 9.25], coefficients: [[0.6, 0.2], [0.1]] },
        ],
      },
    },
  };
}

describe("writeStochasticArtifacts", () => {
  it("writes every file with the input files' columns and Arrow types", async () => {
    const out = tmp();
    const written = await writeStochasticArtifacts(out, fullArtifacts());
    if (!written.ok) throw new Error(written.error.message);
    expect(written.value.directory).toBe(join(out, "stochastic"));
    expect([...written.value.files].sort()).toEqual([...STOCHASTIC_ARTIFACT_FILES].sort());
    // Atomic writes leave no temporary file behind.
    expect(readdirSync(join(out, "stochastic")).sort()).toEqual([...STOCHASTIC_ARTIFACT_FILES].sort());

    const dir = join(out, "stochastic");
    const noise = await duck(join(dir, "noise_openings.parquet"));
    expect(noise.types).toEqual({
      stage_id: "INTEGER",
      opening_index: "UINTEGER",
      entity_index: "UINTEGER",
      value: "DOUBLE",
    });
    expect(noise.rows.map((r) => [r.stage_id, r.opening_index, r.entity_index, r.value])).toEqual([
      [0, 0, 0, 0.1],
      [0, 0, 1, 0.2],
      [0, 0, 2, 0.3],
      [0, 1, 0, -0.4],
      [0, 1, 1, -0.5],
      [0, 1, 2, -0.6],
      [1, 0, 0, 1.5],
      [1, 0, 1, -2.5],
      [1, 0, 2, 3.5],
    ]);

    const stats = await duck(join(dir, "inflow_seasonal_stats.parquet"));
    expect(stats.types).toEqual({ hydro_id: "INTEGER", stage_id: "INTEGER", mean_m3s: "DOUBLE", std_m3s: "DOUBLE" });
    expect(stats.rows).toEqual([
      { hydro_id: 3, stage_id: 0, mean_m3s: 30.5, std_m3s: 3.25 },
      { hydro_id: 7, stage_id: -1, mean_m3s: 70.5, std_m3s: 7.25 },
    ]);

    const ar = await duck(join(dir, "inflow_ar_coefficients.parquet"));
    expect(ar.types).toEqual({
      hydro_id: "INTEGER",
      stage_id: "INTEGER",
      lag: "INTEGER",
      coefficient: "DOUBLE",
      residual_std_ratio: "DOUBLE",
    });
    expect(ar.rows).toEqual([
      { hydro_id: 3, stage_id: 0, lag: 1, coefficient: 0.6, residual_std_ratio: 0.9 },
      { hydro_id: 3, stage_id: 0, lag: 2, coefficient: 0.2, residual_std_ratio: 0.9 },
      // No ratio given: 1, what the loader assumes without the column.
      { hydro_id: 7, stage_id: 0, lag: 1, coefficient: 0.4, residual_std_ratio: 1 },
    ]);

    const annual = await duck(join(dir, "inflow_annual_component.parquet"));
    expect(annual.types).toEqual({
      hydro_id: "INTEGER",
      stage_id: "INTEGER",
      annual_coefficient: "DOUBLE",
      annual_mean_m3s: "DOUBLE",
      annual_std_m3s: "DOUBLE",
    });
    expect(annual.rows).toEqual([
      { hydro_id: 3, stage_id: 0, annual_coefficient: 0.3, annual_mean_m3s: 31, annual_std_m3s: 2 },
    ]);

    const load = await duck(join(dir, "load_seasonal_stats.parquet"));
    expect(load.types).toEqual({ bus_id: "INTEGER", stage_id: "INTEGER", mean_mw: "DOUBLE", std_mw: "DOUBLE" });
    expect(load.rows).toEqual([
      { bus_id: 2, stage_id: 0, mean_mw: 30, std_mw: 3 },
      { bus_id: 2, stage_id: 1, mean_mw: 40, std_mw: 4 },
    ]);

    // correlation.json: the input format, accepted by the input schema, matrix exact.
    const corr = JSON.parse(readFileSync(join(dir, "correlation.json"), "utf8"));
    expect(correlationFileSchema.safeParse(corr).success).toBe(true);
    expect(corr).toEqual({
      method: "cholesky",
      profiles: {
        default: { correlation_groups: [] },
        wet: {
          correlation_groups: [
            {
              name: "north",
              entities: [
                { type: "inflow", id: 3 },
                { type: "inflow", id: 7 },
              ],
              matrix: [
                [1, 0.123456789012345],
                [0.123456789012345, 1],
              ],
            },
          ],
        },
      },
      schedule: [{ stage_id: 0, profile_name: "wet" }],
    });

    // fitting_report.json: the book's structure, hydros keyed by id.
    expect(JSON.parse(readFileSync(join(dir, "fitting_report.json"), "utf8"))).toEqual({
      hydros: {
        "3": { selected_order: 2, aic_scores: [10.5, 9.25], coefficients: [[0.6, 0.2], [0.1]] },
        "7": { selected_order: 1, aic_scores: [], coefficients: [[0.4], []] },
      },
    });
  });

  it("writes only the opening tree and the identity correlation when nothing was estimated; stale files go", async () => {
    const out = tmp();
    const full = await writeStochasticArtifacts(out, fullArtifacts());
    expect(full.ok).toBe(true);
    const minimal = await writeStochasticArtifacts(out, {
      openingTree: { noiseDim: 1, numOpenings: [1], values: [Float64Array.of(0.5)] },
      correlation: null,
      loadSeasonalStats: [],
      estimated: { annualComponent: [] },
    });
    if (!minimal.ok) throw new Error(minimal.error.message);
    expect(minimal.value.files).toEqual(["noise_openings.parquet", "correlation.json"]);
    expect(readdirSync(join(out, "stochastic")).sort()).toEqual(["correlation.json", "noise_openings.parquet"]);
    const identity = JSON.parse(readFileSync(join(out, "stochastic", "correlation.json"), "utf8"));
    expect(identity).toEqual({ method: "spectral", profiles: {} });
    expect(correlationFileSchema.safeParse(identity).success).toBe(true);
  });

  it("writes no opening tree when the noise vector is empty (an empty file would not load back)", async () => {
    const out = tmp();
    const written = await writeStochasticArtifacts(out, {
      openingTree: { noiseDim: 0, numOpenings: [1, 1], values: [new Float64Array(0), new Float64Array(0)] },
      correlation: null,
    });
    if (!written.ok) throw new Error(written.error.message);
    expect(written.value.files).toEqual(["correlation.json"]);
    expect(readdirSync(join(out, "stochastic"))).toEqual(["correlation.json"]);
  });

  it("returns a SchemaError for an inconsistent opening tree and an IoError when the directory cannot be made", async () => {
    const out = tmp();
    const bad = await writeStochasticArtifacts(out, {
      openingTree: { noiseDim: 2, numOpenings: [2], values: [Float64Array.of(1, 2, 3)] },
      correlation: null,
    });
    expect(!bad.ok && bad.error.kind).toBe("SchemaError");
    expect(existsSync(join(out, "stochastic"))).toBe(false);

    const file = join(tmp(), "not-a-directory");
    writeFileSync(file, "x");
    const io = await writeStochasticArtifacts(file, fullArtifacts());
    expect(!io.ok && io.error.kind).toBe("IoError");
  });

  it("copied into scenarios/, the files load as the case's inputs (the round trip of the book)", async () => {
    const loaded = await loadCase(hydroTiny);
    if (!loaded.ok) throw new Error(loaded.error.message);
    const c = loaded.value;
    const H = c.system.hydros.length;
    const numOpenings = c.system.stages.map((s) => s.numScenarios);
    const values = numOpenings.map((n, t) => Float64Array.from({ length: n * H }, (_, i) => Math.sin(1 + t * 31 + i)));
    const arCoefficients = c.system.hydros.map((h) => ({
      hydroId: h.id,
      stageId: c.system.stages[1]!.id,
      lag: 1,
      coefficient: 0.25,
      residualStdRatio: 0.75,
    }));
    const out = tmp();
    const written = await writeStochasticArtifacts(out, {
      openingTree: { noiseDim: H, numOpenings, values },
      correlation: null,
      loadSeasonalStats: c.scenarios.loadSeasonalStats,
      estimated: { seasonalStats: c.scenarios.inflowSeasonalStats, arCoefficients },
    });
    if (!written.ok) throw new Error(written.error.message);

    const caseDir = tmp();
    cpSync(hydroTiny, caseDir, { recursive: true });
    for (const f of written.value.files) cpSync(join(out, "stochastic", f), join(caseDir, "scenarios", f));
    const again = await loadCase(caseDir);
    if (!again.ok) throw new Error(JSON.stringify(again.error).slice(0, 2000));
    const s = again.value.scenarios;
    expect(s.inflowSeasonalStats).toEqual(c.scenarios.inflowSeasonalStats);
    expect(s.loadSeasonalStats).toEqual(c.scenarios.loadSeasonalStats);
    expect(s.inflowArCoefficients).toEqual(arCoefficients);
    expect(s.correlation).toEqual({ method: "spectral", profiles: {}, schedule: null });
    expect(s.noiseOpenings).toHaveLength(values.reduce((a, v) => a + v.length, 0));
    for (const r of s.noiseOpenings!) expect(r.value).toBe(values[r.stageId]![r.openingIndex * H + r.entityIndex]);
  });
});
