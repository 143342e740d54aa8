/** Arrow tables to plain JSON-safe rows (Int64 columns arrive as bigint). */
import type { Table } from "apache-arrow";

export type Cell = number | string | boolean | null;
export type Row = Record<string, Cell>;

/** One cell as a JSON value: bigints become numbers (counts and ids fit in 2^53). */
function cell(v: unknown): Cell {
  if (v === null || v === undefined) return null;
  if (typeof v === "bigint") return Number(v);
  if (typeof v === "number" || typeof v === "string" || typeof v === "boolean") return v;
  return String(v);
}

/** Column `name` of `table` as numbers (null where missing or not numeric). */
export function numericColumn(table: Table, name: string): (number | null)[] {
  const col = table.getChild(name);
  const out: (number | null)[] = new Array(table.numRows);
  for (let i = 0; i < table.numRows; i++) {
    const v = cell(col?.get(i));
    out[i] = typeof v === "number" ? v : null;
  }
  return out;
}

/** Every row of `table`, optionally only the rows `keep` accepts (by index). */
export function tableRows(table: Table, keep?: (i: number) => boolean): Row[] {
  const names = table.schema.fields.map((f) => f.name);
  const cols = names.map((n) => table.getChild(n));
  const rows: Row[] = [];
  for (let i = 0; i < table.numRows; i++) {
    if (keep !== undefined && !keep(i)) continue;
    const row: Row = {};
    names.forEach((n, j) => {
      row[n] = cell(cols[j]?.get(i));
    });
    rows.push(row);
  }
  return rows;
}
