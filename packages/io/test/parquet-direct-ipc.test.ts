/**
 * The simulation's direct columns → IPC → Parquet path (`encodeParquetColumns`, which
 * reuses one record batch message per row count and null pattern) against the
 * apache-arrow table path (`buildTable` + `encodeParquet`, nothing cached): the same
 * Parquet bytes, whatever order partitions of different lengths and nulls come in.
 */
import { describe, expect, it } from "vitest";
import { buildTable, type ColumnInput } from "../src/output/parquet/arrow-columns";
import { encodeParquet, encodeParquetColumns } from "../src/output/parquet/encode";
import { SIMULATION_SCHEMAS } from "../src/output/schemas/index";

const schema = SIMULATION_SCHEMAS.thermals;

/** Thermal rows with `length` rows and `gnl_committed_mw` null at the rows in `nullRows`. */
function thermalColumns(length: number, nullRows: readonly number[]): Record<string, ColumnInput> {
  const columns: Record<string, ColumnInput> = {};
  for (const [j, spec] of schema.columns.entries()) {
    const value = (i: number) => (i * 7 + j * 3) % 11;
    if (spec.type === "Int32") columns[spec.name] = Int32Array.from({ length }, (_, i) => value(i));
    else if (spec.type === "Int8") columns[spec.name] = Int8Array.from({ length }, (_, i) => value(i) % 3);
    else if (spec.type === "Boolean") columns[spec.name] = Uint8Array.from({ length }, (_, i) => value(i) % 2);
    else columns[spec.name] = Float64Array.from({ length }, (_, i) => value(i) * 1.25 - 3);
  }
  const gnl = columns.gnl_committed_mw as Float64Array;
  for (const i of nullRows) gnl[i] = Number.NaN;
  return columns;
}

describe("encodeParquetColumns", () => {
  it("writes the apache-arrow path's bytes for partitions of alternating lengths and null patterns", () => {
    const cases: [number, number[]][] = [
      [5, []],
      [5, [1]],
      [5, [0, 1, 2, 3, 4]],
      [9, [8]],
      [5, [1]],
      [5, []],
      [9, []],
    ];
    const sizes = new Set<number>();
    for (const [length, nulls] of cases) {
      const columns = thermalColumns(length, nulls);
      const direct = encodeParquetColumns(schema, columns, length, "thermals/test");
      const table = buildTable(schema, columns, length, "thermals/test");
      if (!direct.ok || !table.ok) throw new Error("encoding failed");
      const viaTable = encodeParquet(schema, table.value);
      if (!viaTable.ok) throw new Error("encoding failed");
      expect(Buffer.from(direct.value).equals(Buffer.from(viaTable.value))).toBe(true);
      sizes.add(direct.value.length);
    }
    // The cases really differ on disk (so a reused message for the wrong pattern would show).
    expect(sizes.size).toBeGreaterThanOrEqual(3);
  });
});
