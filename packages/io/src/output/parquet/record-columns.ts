/**
 * Row records → columns: for small per-iteration files, where building objects per row
 * is the natural producer shape. Each schema column is read from the record property of
 * the same name in camelCase; a missing property is null (nullable) or the column fill.
 */
import type { ColumnInput } from "./arrow-columns";
import type { OutputSchema } from "../schemas/index";
import { camelName } from "../simulation/columns";

export function recordColumns(
  schema: OutputSchema,
  records: readonly object[],
): { columns: Record<string, ColumnInput>; length: number } {
  const columns: Record<string, ColumnInput> = {};
  for (const spec of schema.columns) {
    const key = camelName(spec.name);
    columns[spec.name] = records.map((r) => {
      const v = (r as Record<string, unknown>)[key];
      if (v === undefined || v === null) return spec.nullable ? null : spec.fill;
      return v as number | string | boolean | bigint;
    });
  }
  return { columns, length: records.length };
}
