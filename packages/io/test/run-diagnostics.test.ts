/**
 * Outputs written once the LPs are built: `training/scaling_report.json` (the book's
 * per-stage array) and `hydro_models/fpha_hyperplanes.parquet` (the input file's
 * columns, types and row order), read back with DuckDB as a user would.
 */
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { FphaHyperplane } from "@cobre/core";
import { DuckDBInstance } from "@duckdb/node-api";
import { describe, expect, it } from "vitest";
import { coefficientRange, writeFphaHyperplanes, writeScalingReport } from "../src/index";

const tmp = () => mkdtempSync(join(tmpdir(), "cobre-diagnostics-"));

describe("scaling report", () => {
  it("ranges are absolute values, minima over non-zeros, infinite row bounds ignored", () => {
    // Matrix [2, -0.5, 0, 40]; rows: x ≥ -3 (upper free), -inf ≤ x ≤ 0, 7 ≤ x ≤ 7.
    const r = coefficientRange(
      new Float64Array([2, -0.5, 0, 40]),
      new Float64Array([-3, Number.NEGATIVE_INFINITY, 7]),
      new Float64Array([Number.POSITIVE_INFINITY, 0, 7]),
    );
    expect(r).toEqual({ coefficientMin: 0.5, coefficientMax: 40, rhsMin: 3, rhsMax: 7 });
  });

  it("a stage without non-zero right-hand sides has rhs_min null (JSON has no infinity)", async () => {
    const out = tmp();
    const range = coefficientRange(new Float64Array([1]), new Float64Array([0]), new Float64Array([0]));
    const written = await writeScalingReport(out, [{ stage: 0, before: range, after: range }]);
    expect(written.ok).toBe(true);
    expect(JSON.parse(readFileSync(join(out, "training/scaling_report.json"), "utf8"))).toEqual([
      {
        stage: 0,
        before: { coefficient_min: 1, coefficient_max: 1, rhs_min: null, rhs_max: 0 },
        after: { coefficient_min: 1, coefficient_max: 1, rhs_min: null, rhs_max: 0 },
      },
    ]);
  });
});

function plane(hydroId: number, stageId: number | null, planeId: number, validVMinHm3: number | null): FphaHyperplane {
  return {
    hydroId,
    stageId,
    planeId,
    gamma0: 10 * planeId + 1,
    gammaV: 0.01,
    gammaQ: 0.9,
    gammaS: -0.02,
    kappa: 0.98,
    validVMinHm3,
    validVMaxHm3: null,
    validQMaxM3s: 500,
  };
}

describe("fitted FPHA hyperplanes", () => {
  it("are written with the input file's 11 columns and types, sorted by hydro, stage (null first), plane", async () => {
    const out = tmp();
    const rows = await writeFphaHyperplanes(out, [plane(3, 2, 1, 5), plane(1, null, 1, null), plane(3, null, 0, 5)]);
    expect(rows).toEqual({ ok: true, value: 3 });
    const db = await DuckDBInstance.create(":memory:");
    const conn = await db.connect();
    try {
      const reader = await conn.runAndReadAll(
        `SELECT * FROM read_parquet('${join(out, "hydro_models/fpha_hyperplanes.parquet")}')`,
      );
      expect(reader.columnNames()).toEqual([
        "hydro_id",
        "stage_id",
        "plane_id",
        "gamma_0",
        "gamma_v",
        "gamma_q",
        "gamma_s",
        "kappa",
        "valid_v_min_hm3",
        "valid_v_max_hm3",
        "valid_q_max_m3s",
      ]);
      expect(reader.columnTypes().map(String)).toEqual([
        "INTEGER",
        "INTEGER",
        "INTEGER",
        "DOUBLE",
        "DOUBLE",
        "DOUBLE",
        "DOUBLE",
        "DOUBLE",
        "DOUBLE",
        "DOUBLE",
        "DOUBLE",
      ]);
      const got = reader.getRowObjects().map((r) => [r.hydro_id, r.stage_id, r.plane_id, r.gamma_0, r.valid_v_min_hm3]);
      expect(got).toEqual([
        [1, null, 1, 11, null],
        [3, null, 0, 1, 5],
        [3, 2, 1, 11, 5],
      ]);
    } finally {
      conn.closeSync();
    }
  });

  it("are not written when nothing was fitted", async () => {
    const out = tmp();
    expect(await writeFphaHyperplanes(out, [])).toEqual({ ok: true, value: 0 });
    expect(existsSync(join(out, "hydro_models"))).toBe(false);
  });
});
