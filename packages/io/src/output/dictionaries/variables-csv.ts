/**
 * `variables.csv`: one row per output column of every Parquet schema (schema,
 * column_name, arrow_type, nullable, unit, description), generated from the same column
 * specs the writers use, so it always describes the files actually written.
 */
import { ALL_SCHEMAS } from "../schemas/index";
import { csvDocument } from "./csv";

const VARIABLES_HEADER = ["schema", "column_name", "arrow_type", "nullable", "unit", "description"] as const;

export function variablesCsv(): string {
  const rows = ALL_SCHEMAS.flatMap((s) =>
    s.columns.map((c) => [s.name, c.name, c.type, c.nullable ? "true" : "false", c.unit, c.description]),
  );
  return csvDocument(VARIABLES_HEADER, rows);
}
