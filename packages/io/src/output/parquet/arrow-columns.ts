/**
 * Builds an Arrow `Table` from column arrays, checked against an `OutputSchema`.
 * Typed arrays are wrapped without copying where Arrow's layout allows; nulls come from
 * sentinels in typed arrays (NaN for floats, negative for nullable ids) or from `null`
 * in plain arrays.
 */
import { makeData, RecordBatch, Struct, Table, type Data, type DataType, Utf8, vectorFromArray } from "apache-arrow";
import { err, ok, type Result } from "@cobre/core";
import { schemaError, type OutputError } from "../errors";
import type { ColumnSpec, OutputSchema } from "../schemas/index";

/** Values of one column: a typed array, or a plain array where `null` marks a null. */
export type ColumnInput =
  | Float64Array
  | Int32Array
  | Int8Array
  | BigInt64Array
  | BigUint64Array
  | Uint32Array
  | Uint8Array
  | readonly (number | bigint | boolean | string | null)[];

type Built = { data: Data<DataType> } | { error: string };

/** Packs a validity list into Arrow's LSB-first bitmap; returns null when nothing is null. */
function bitmap(length: number, isValid: (i: number) => boolean): { bits: Uint8Array | null; nulls: number } {
  let nulls = 0;
  const bits = new Uint8Array((length + 7) >> 3);
  for (let i = 0; i < length; i++) {
    if (isValid(i)) bits[i >> 3]! |= 1 << (i & 7);
    else nulls++;
  }
  return nulls === 0 ? { bits: null, nulls: 0 } : { bits, nulls };
}

function numericArray(values: ColumnInput): ArrayLike<number | bigint> | string {
  if (!Array.isArray(values)) return values as ArrayLike<number | bigint>;
  const plain = values as readonly unknown[];
  const bad = plain.find((v) => v !== null && typeof v !== "number" && typeof v !== "bigint" && typeof v !== "boolean");
  return bad === undefined ? (plain as ArrayLike<number>) : `non-numeric value ${JSON.stringify(bad)}`;
}

/** Typed storage Arrow expects for each numeric type. */
function storage(spec: ColumnSpec, src: ArrayLike<number | bigint | boolean | null>, length: number) {
  const num = (v: unknown) => (v === null ? 0 : Number(v));
  const big = (v: unknown) => (v === null ? 0n : typeof v === "bigint" ? v : BigInt(Math.round(Number(v))));
  switch (spec.type) {
    case "Float64":
      return src instanceof Float64Array ? src : Float64Array.from({ length }, (_, i) => num(src[i]));
    case "Int32":
      return src instanceof Int32Array ? src : Int32Array.from({ length }, (_, i) => num(src[i]));
    case "Int8":
      return src instanceof Int8Array ? src : Int8Array.from({ length }, (_, i) => num(src[i]));
    case "UInt32":
      return src instanceof Uint32Array ? src : Uint32Array.from({ length }, (_, i) => num(src[i]));
    case "Int64":
      return src instanceof BigInt64Array ? src : BigInt64Array.from({ length }, (_, i) => big(src[i]));
    case "UInt64":
      return src instanceof BigUint64Array ? src : BigUint64Array.from({ length }, (_, i) => big(src[i]));
    case "Boolean":
    case "Utf8":
      throw new Error(`unreachable: ${spec.type} is not stored as a numeric array`);
  }
}

function isNullAt(spec: ColumnSpec, values: ColumnInput, i: number): boolean {
  const v = values[i];
  if (v === null) return true;
  if (!spec.nullable || Array.isArray(values)) return false;
  // Typed arrays have no null: NaN (floats) and negative ids (nullable Int32) stand for it.
  if (spec.type === "Float64") return Number.isNaN(v as number);
  if (spec.type === "Int32") return (v as number) < 0;
  return false;
}

/** Validity of a typed column, scanned without a per-element closure (the hot path). */
function typedValidity(
  spec: ColumnSpec,
  values: ColumnInput,
  length: number,
): { bits: Uint8Array | null; nulls: number } {
  if (!spec.nullable || (spec.type !== "Float64" && spec.type !== "Int32")) return { bits: null, nulls: 0 };
  let nulls = 0;
  if (spec.type === "Float64" && values instanceof Float64Array) {
    for (let i = 0; i < length; i++) if (Number.isNaN(values[i])) nulls++;
  } else if (spec.type === "Int32" && values instanceof Int32Array) {
    for (let i = 0; i < length; i++) if (values[i]! < 0) nulls++;
  } else {
    return bitmap(length, (i) => !isNullAt(spec, values, i));
  }
  return nulls === 0 ? { bits: null, nulls: 0 } : bitmap(length, (i) => !isNullAt(spec, values, i));
}

/**
 * The Arrow buffers of one non-string column: validity bitmap (null when nothing is
 * null) and values (typed storage, or bit-packed booleans). Shared by `buildTable` and
 * the direct IPC encoder, so both produce the same Arrow data.
 */
export type ColumnBuffers =
  | { readonly validity: Uint8Array | null; readonly nulls: number; readonly values: ArrayBufferView }
  | { readonly error: string };

export function columnBuffers(spec: ColumnSpec, values: ColumnInput, length: number): ColumnBuffers {
  if (values.length !== length) return { error: `has ${values.length} values, expected ${length}` };
  if (spec.type === "Utf8") return { error: "string columns have no fixed-width buffers" };
  const src = numericArray(values);
  if (typeof src === "string") return { error: src };
  const { bits, nulls } = Array.isArray(values)
    ? bitmap(length, (i) => !isNullAt(spec, values, i))
    : typedValidity(spec, values, length);
  if (nulls > 0 && !spec.nullable) return { error: `${nulls} null value(s) in a non-nullable column` };
  if (spec.type === "Boolean") {
    // Arrow booleans are bit-packed like validity; an all-true column packs to "no bitmap".
    const packed = bitmap(length, (i) => Boolean(values[i])).bits ?? new Uint8Array((length + 7) >> 3).fill(0xff);
    return { validity: bits, nulls, values: packed };
  }
  return { validity: bits, nulls, values: storage(spec, src as ArrayLike<number | bigint | boolean | null>, length) };
}

function buildColumn(spec: ColumnSpec, field: DataType, values: ColumnInput, length: number): Built {
  if (values.length !== length) return { error: `has ${values.length} values, expected ${length}` };
  if (spec.type === "Utf8") {
    if (!Array.isArray(values)) return { error: "expects strings" };
    const strings = (values as readonly unknown[]).map((v) => (v === null ? null : String(v)));
    if (!spec.nullable && strings.includes(null)) return { error: "null in a non-nullable column" };
    return { data: vectorFromArray(strings, new Utf8()).data[0] as Data<DataType> };
  }
  const built = columnBuffers(spec, values, length);
  if ("error" in built) return built;
  const { validity, nulls, values: data } = built;
  return {
    data: makeData({ type: field as never, length, nullCount: nulls, nullBitmap: validity, data: data as never }),
  };
}

/**
 * Assembles a one-batch Arrow table with exactly the schema's fields. Missing columns,
 * length mismatches and nulls in non-nullable columns are `SchemaError`s naming `file`.
 */
export function buildTable(
  schema: OutputSchema,
  columns: Readonly<Record<string, ColumnInput>>,
  length: number,
  file: string,
): Result<Table, OutputError> {
  const children: Data<DataType>[] = [];
  for (const [i, spec] of schema.columns.entries()) {
    const values = columns[spec.name];
    if (values === undefined) return err(schemaError(file, spec.name, "column missing"));
    const field = schema.arrow.fields[i]!;
    const built = buildColumn(spec, field.type, values, length);
    if ("error" in built) return err(schemaError(file, spec.name, built.error));
    children.push(built.data);
  }
  const struct = makeData({ type: new Struct(schema.arrow.fields), length, nullCount: 0, children });
  return ok(new Table([new RecordBatch(schema.arrow, struct)]));
}
