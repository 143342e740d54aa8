/**
 * Reads a Parquet file into plain rows, checking it against its column spec.
 * parquet-wasm decodes, apache-arrow exposes the columns; Date32 becomes `YYYY-MM-DD`.
 */
import { readFile } from "node:fs/promises";
import { DataType, tableFromIPC, type Field, type Vector } from "apache-arrow";
import { readParquet } from "parquet-wasm";
import type { Diagnostics } from "../diagnostics";
import type { ColumnSpec } from "./parquet-columns";

type CellValue = number | string | null;
export type Row = Readonly<Record<string, CellValue>>;

function typeMatches(field: Field, spec: ColumnSpec): boolean {
  const t = field.type;
  if (spec.type === "int") return DataType.isInt(t);
  if (spec.type === "float") return DataType.isFloat(t) || DataType.isInt(t) || DataType.isDecimal(t);
  return DataType.isDate(t) || DataType.isTimestamp(t) || DataType.isUtf8(t);
}

function toCell(value: unknown, spec: ColumnSpec): CellValue {
  if (value === null || value === undefined) return null;
  if (spec.type === "date") {
    if (typeof value === "string") return value.slice(0, 10);
    const ms = value instanceof Date ? value.getTime() : Number(value);
    return Number.isFinite(ms) ? new Date(ms).toISOString().slice(0, 10) : null;
  }
  return typeof value === "bigint" ? Number(value) : Number(value);
}

/**
 * Returns the rows, or null when the file cannot be used (errors recorded in `diag`).
 * Unknown extra columns are ignored, as the format allows.
 */
export async function readParquetRows(
  absPath: string,
  file: string,
  specs: readonly ColumnSpec[],
  diag: Diagnostics,
): Promise<Row[] | null> {
  let table: ReturnType<typeof tableFromIPC>;
  try {
    const bytes = await readFile(absPath);
    table = tableFromIPC(readParquet(new Uint8Array(bytes)).intoIPCStream());
  } catch (e) {
    diag.error("ParseError", `cannot read Parquet file ${file}: ${e instanceof Error ? e.message : String(e)}`, {
      file,
    });
    return null;
  }
  const before = diag.errorCount;
  const columns: { spec: ColumnSpec; vector: Vector | null }[] = [];
  for (const spec of specs) {
    const field = table.schema.fields.find((f) => f.name === spec.name);
    if (!field) {
      if (spec.required) {
        diag.error("SchemaViolation", `${file} lacks required column '${spec.name}'`, { file, field: spec.name });
      }
      columns.push({ spec, vector: null });
      continue;
    }
    if (!typeMatches(field, spec)) {
      diag.error(
        "TypeMismatch",
        `${file} column '${spec.name}' has type ${String(field.type)}, expected ${spec.type}`,
        {
          file,
          field: spec.name,
        },
      );
      continue;
    }
    columns.push({ spec, vector: table.getChild(spec.name) });
  }
  if (diag.errorCount > before) return null;
  const rows: Row[] = [];
  for (let i = 0; i < table.numRows; i++) {
    const row: Record<string, CellValue> = {};
    for (const { spec, vector } of columns) {
      const cell = vector ? toCell(vector.get(i), spec) : null;
      if (cell === null && !spec.nullable) {
        diag.error("SchemaViolation", `${file} row ${i}: column '${spec.name}' is null`, {
          file,
          field: spec.name,
          row: i,
        });
      }
      row[spec.name] = cell;
    }
    rows.push(row);
  }
  return diag.errorCount > before ? null : rows;
}
