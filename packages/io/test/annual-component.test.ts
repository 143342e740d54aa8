/**
 * `scenarios/inflow_annual_component.parquet` (PAR(p)-A): loaded into
 * `scenarios.inflowAnnualComponents`, and every defect reported as a structured error
 * naming the file and the column (schema, referential, dimensional and semantic layers).
 */
import { loadCase, validate, type ValidationKind } from "@cobre/io";
import { afterAll, describe, expect, it } from "vitest";
import { cleanupCopies, copyCase, referenceCase, tableOf, writeParquetTable } from "./support/case-fixture";

const FILE = "scenarios/inflow_annual_component.parquet";

interface Rows {
  hydro_id: number[];
  stage_id: number[];
  annual_coefficient: number[];
  annual_mean_m3s: number[];
  annual_std_m3s: number[];
}

const valid: Rows = {
  hydro_id: [0, 0],
  stage_id: [1, 0],
  annual_coefficient: [-0.25, 0.4],
  annual_mean_m3s: [1500, 1400],
  annual_std_m3s: [300, 250],
};

/** d02-single-hydro (hydro 0, stages 0 and 1) with the given annual component file. */
function caseWith(rows: Partial<Rows>, drop?: keyof Rows): string {
  const dir = copyCase(referenceCase("d02-single-hydro"));
  const columns: Record<string, Int32Array | Float64Array> = {};
  for (const [name, values] of Object.entries({ ...valid, ...rows })) {
    if (name === drop) continue;
    columns[name] = name.endsWith("_id") ? Int32Array.from(values) : Float64Array.from(values);
  }
  writeParquetTable(dir, FILE, tableOf(columns));
  return dir;
}

afterAll(() => cleanupCopies());

describe("inflow_annual_component.parquet", () => {
  it("loads into scenarios.inflowAnnualComponents, sorted by (hydro, stage)", async () => {
    const loaded = await loadCase(caseWith({}));
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.error));
    expect(loaded.value.scenarios.inflowAnnualComponents).toEqual([
      { hydroId: 0, stageId: 0, annualCoefficient: 0.4, annualMeanM3s: 1400, annualStdM3s: 250 },
      { hydroId: 0, stageId: 1, annualCoefficient: -0.25, annualMeanM3s: 1500, annualStdM3s: 300 },
    ]);
  });

  it("is empty when the file is absent", async () => {
    const loaded = await loadCase(referenceCase("d02-single-hydro"));
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.error));
    expect(loaded.value.scenarios.inflowAnnualComponents).toEqual([]);
  });

  const broken: [string, Partial<Rows>, keyof Rows | undefined, ValidationKind, string][] = [
    ["a missing column", {}, "annual_std_m3s", "SchemaViolation", "annual_std_m3s"],
    ["a zero annual std", { annual_std_m3s: [300, 0] }, undefined, "OutOfRange", "annual_std_m3s"],
    ["a negative annual std", { annual_std_m3s: [-1, 250] }, undefined, "OutOfRange", "annual_std_m3s"],
    [
      "a non-finite coefficient",
      { annual_coefficient: [Number.NaN, 0] },
      undefined,
      "OutOfRange",
      "annual_coefficient",
    ],
    [
      "a non-finite mean",
      { annual_mean_m3s: [1, Number.POSITIVE_INFINITY] },
      undefined,
      "OutOfRange",
      "annual_mean_m3s",
    ],
    ["an unknown hydro", { hydro_id: [0, 7] }, undefined, "MissingReference", "hydro_id"],
    ["an unknown stage", { stage_id: [1, 9] }, undefined, "StageMismatch", "stage_id"],
    ["a duplicate (hydro, stage)", { stage_id: [0, 0] }, undefined, "DuplicateId", "hydro_id"],
  ];

  it.each(broken)("reports %s", async (_name, rows, drop, kind, field) => {
    const dir = caseWith(rows, drop);
    const report = await validate(dir);
    expect(report.valid).toBe(false);
    const match = report.errors.find(
      (e) => e.kind === kind && e.context.file === FILE && (e.context.field ?? "").includes(field),
    );
    expect(match, JSON.stringify(report.errors, null, 1)).toBeDefined();
    const loaded = await loadCase(dir);
    expect(loaded.ok).toBe(false);
  });
});
