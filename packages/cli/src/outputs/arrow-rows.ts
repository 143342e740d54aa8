/**
 * Arrow tables from @cobre/io readers, read as plain numbers: Int64 columns come back as
 * bigint and nullable columns as null, and neither suits JSON or arithmetic.
 */
import type { Table } from "apache-arrow";

/** Column `name` as a Float64Array (nulls and a missing column become NaN). */
export function numbers(table: Table, name: string): Float64Array {
  const out = new Float64Array(table.numRows).fill(Number.NaN);
  const col = table.getChild(name);
  if (col === null) return out;
  for (let i = 0; i < table.numRows; i++) {
    const v: unknown = col.get(i);
    if (typeof v === "number") out[i] = v;
    else if (typeof v === "bigint") out[i] = Number(v);
  }
  return out;
}

/** NaN (from null) as null, so JSON shows the absence instead of failing on NaN. */
export function orNull(v: number): number | null {
  return Number.isFinite(v) ? v : null;
}
