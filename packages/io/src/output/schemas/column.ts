/**
 * Column specifications: one declarative record per Parquet column (name, Arrow type,
 * nullability, unit, description, encoding hint). Every output family is a list of these;
 * the Arrow schema, the Parquet writer properties, `variables.csv` and schema verification
 * are all derived from the same list, so they cannot drift apart.
 */
import { Bool, type DataType, Field, Float64, Int8, Int32, Int64, Schema, Uint32, Uint64, Utf8 } from "apache-arrow";

/** Arrow type names exactly as the Cobre book spells them. */
export type ArrowTypeName = "Int8" | "Int32" | "Int64" | "UInt32" | "UInt64" | "Float64" | "Boolean" | "Utf8";

/**
 * Where a simulation column's values come from:
 * - `key`: an identifier column the engine fills (`stage_id`, `hydro_id`, ...);
 * - `input`: a value the engine must fill;
 * - `optional`: the engine may omit it; it is then all null (nullable) or all zero;
 * - `derived`: computed by the writer (energy = power × block hours, net flow, losses...).
 */
type ColumnSource = "key" | "input" | "optional" | "derived";

export interface ColumnSpec {
  readonly name: string;
  readonly type: ArrowTypeName;
  readonly nullable: boolean;
  /** Physical unit, or `id` / `code` / `boolean` / `dimensionless` (the book's vocabulary). */
  readonly unit: string;
  readonly description: string;
  /** Dictionary-encode in Parquet. Only ids and codes: on floats it costs time and bytes. */
  readonly dictionary: boolean;
  readonly source: ColumnSource;
  /** Value of an omitted non-nullable `optional` column (0 unless stated). */
  readonly fill: number;
}

/** One output family: a Parquet file (training) or a Hive-partitioned dataset (simulation). */
export interface OutputSchema {
  /** The family name used in `variables.csv` (`hydros`, `convergence`, ...). */
  readonly name: string;
  /** Location relative to the output root: a file, or a dataset directory ending in `/`. */
  readonly path: string;
  readonly columns: readonly ColumnSpec[];
  readonly arrow: Schema;
}

function arrowType(t: ArrowTypeName): DataType {
  switch (t) {
    case "Int8":
      return new Int8();
    case "Int32":
      return new Int32();
    case "Int64":
      return new Int64();
    case "UInt32":
      return new Uint32();
    case "UInt64":
      return new Uint64();
    case "Float64":
      return new Float64();
    case "Boolean":
      return new Bool();
    case "Utf8":
      return new Utf8();
  }
}

/** Builds an `OutputSchema`, deriving its Arrow schema from the column specs. */
export function defineSchema(name: string, path: string, columns: readonly ColumnSpec[]): OutputSchema {
  const fields = columns.map((c) => new Field(c.name, arrowType(c.type), c.nullable));
  return Object.freeze({ name, path, columns: Object.freeze([...columns]), arrow: new Schema(fields) });
}

type Extra = {
  readonly nullable?: boolean;
  readonly source?: ColumnSource;
  readonly dictionary?: boolean;
  readonly fill?: number;
};

function spec(name: string, type: ArrowTypeName, unit: string, description: string, x: Extra, dict: boolean) {
  return {
    name,
    type,
    unit,
    description,
    nullable: x.nullable ?? false,
    dictionary: x.dictionary ?? dict,
    source: x.source ?? "input",
    fill: x.fill ?? 0,
  } satisfies ColumnSpec;
}

/** An Int32 identifier column (dictionary-encoded: few distinct values, repeated). */
export const idCol = (name: string, description: string, x: Extra = {}): ColumnSpec =>
  spec(name, "Int32", "id", description, { source: "key", ...x }, true);

/** `stage_id`: 0-based stage index, present in every simulation family. */
export const stageIdCol = (): ColumnSpec => idCol("stage_id", "Stage index (0-based)");

/** `block_id`: load block within the stage; null for stage-level rows. */
export const blockIdCol = (): ColumnSpec =>
  idCol("block_id", "Load block index within the stage; null for stage-level rows", { nullable: true });

/** A Float64 measurement column (plain encoding). */
export const f64 = (name: string, unit: string, description: string, x: Extra = {}): ColumnSpec =>
  spec(name, "Float64", unit, description, x, false);

/** An Int8 categorical code column (see `codes.json`). */
export const codeCol = (name: string, description: string, x: Extra = {}): ColumnSpec =>
  spec(name, "Int8", "code", description, x, true);

/** `operative_state_code`, shared by most simulation families. */
export const operativeStateCol = (): ColumnSpec =>
  codeCol("operative_state_code", "Operative state (codes.json operative_state); omitted = 2, operating", {
    source: "optional",
    fill: 2,
  });

/** Integer counters and durations. */
export const intCol = (
  name: string,
  type: "Int32" | "Int64" | "UInt32" | "UInt64",
  unit: string,
  description: string,
  x: Extra = {},
): ColumnSpec => spec(name, type, unit, description, x, false);

export const boolCol = (name: string, description: string, x: Extra = {}): ColumnSpec =>
  spec(name, "Boolean", "boolean", description, x, false);

export const utf8Col = (name: string, description: string, x: Extra = {}): ColumnSpec =>
  spec(name, "Utf8", "code", description, x, true);
