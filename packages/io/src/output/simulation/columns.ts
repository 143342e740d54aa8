/**
 * Turns one entity family of a `SimulationScenarioResult` into the full column set of its
 * schema: copies key/input columns, fills omitted optional ones, and computes the derived
 * columns from the `System` (block hours, line losses, GNL flags).
 */
import type { System } from "@cobre/core";
import { err, ok, type Result } from "@cobre/core";
import type { ColumnInput } from "../parquet/arrow-columns";
import type { BlockHours } from "./block-hours";
import { schemaError, type OutputError } from "../errors";
import type { OutputSchema } from "../schemas/index";

const camelNames = new Map<string, string>();

/** `turbined_m3s` → `turbinedM3s`: how schema columns are named in the input types. */
export function camelName(column: string): string {
  // Memoised: asked for every column of every partition file, and the names are few.
  let name = camelNames.get(column);
  if (name === undefined) {
    name = column.replace(/_([a-z0-9])/g, (_m, c: string) => c.toUpperCase());
    camelNames.set(column, name);
  }
  return name;
}

type Family = Readonly<Record<string, unknown>>;
type Derived = Record<string, ColumnInput>;

export interface FamilyContext {
  readonly system: System;
  readonly hours: BlockHours;
  /** File label for error messages, e.g. `hydros/scenario_id=0003`. */
  readonly file: string;
}

function f64(family: Family, name: string, length: number): Float64Array {
  const v = family[name];
  return v instanceof Float64Array ? v : new Float64Array(length);
}

/** Hours of every row; a SchemaError when a (stage, block) pair is not in the system. */
function rowHours(family: Family, length: number, ctx: FamilyContext): Result<Float64Array, OutputError> {
  const stage = family.stageId;
  const block = family.blockId;
  if (!(stage instanceof Int32Array)) return err(schemaError(ctx.file, "stage_id", "column missing"));
  const out = new Float64Array(length);
  // Rows come in runs of one (stage, block): look the hours up once per run.
  let lastStage = Number.NaN;
  let lastBlock = Number.NaN;
  let h: number | undefined;
  for (let i = 0; i < length; i++) {
    const s = stage[i]!;
    const b = block instanceof Int32Array ? block[i]! : -1;
    if (s !== lastStage || b !== lastBlock) {
      h = ctx.hours.hours(s, b);
      if (h === undefined) return err(schemaError(ctx.file, "block_id", `row ${i}: no block ${b} in stage ${s}`));
      lastStage = s;
      lastBlock = b;
    }
    out[i] = h!;
  }
  return ok(out);
}

/** `a[i] · h[i] · k` (in that order: the products are the bytes written). */
function times(a: Float64Array, h: Float64Array, k = 1): Float64Array {
  const out = new Float64Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = a[i]! * h[i]! * k;
  return out;
}

/** `f(a[i], b[i])` for every row, into a new column. */
function zip(a: Float64Array, b: Float64Array, f: (x: number, y: number, i: number) => number): Float64Array {
  const out = new Float64Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = f(a[i]!, b[i]!, i);
  return out;
}

type Deriver = (family: Family, length: number, h: Float64Array, ctx: FamilyContext) => Result<Derived, OutputError>;

/** Per-entity lookups of system values, checked: an id unknown to the system is an error. */
function lookup(
  ids: unknown,
  table: ReadonlyMap<number, number>,
  length: number,
  ctx: FamilyContext,
  column: string,
): Result<Float64Array, OutputError> {
  const out = new Float64Array(length);
  if (!(ids instanceof Int32Array)) return err(schemaError(ctx.file, column, "column missing"));
  for (let i = 0; i < length; i++) {
    const v = table.get(ids[i]!);
    if (v === undefined) return err(schemaError(ctx.file, column, `row ${i}: id ${ids[i]} not in the system`));
    out[i] = v;
  }
  return ok(out);
}

/** The derived columns of each family (families absent here have none). */
const DERIVERS: Readonly<Record<string, Deriver>> = {
  hydros: (f, n, h) => {
    const turbined = f64(f, "turbinedM3s", n);
    const spill = f64(f, "spillageM3s", n);
    return ok({
      outflow_m3s: zip(turbined, spill, (t, sp) => t + sp),
      generation_mwh: times(f64(f, "generationMw", n), h),
    });
  },
  thermals: (f, n, h, ctx) => {
    const gnl = new Map(ctx.system.thermals.map((t) => [t.id, t.gnlLagStages === null ? 0 : 1]));
    const flags = lookup(f.thermalId, gnl, n, ctx, "thermal_id");
    if (!flags.ok) return flags;
    return ok({
      generation_mwh: times(f64(f, "generationMw", n), h),
      is_gnl: Uint8Array.from(flags.value),
    });
  },
  exchanges: (f, n, h, ctx) => {
    const factors = lookup(
      f.lineId,
      new Map(ctx.system.lines.map((l) => [l.id, l.lossesPercent / 100])),
      n,
      ctx,
      "line_id",
    );
    if (!factors.ok) return factors;
    const direct = f64(f, "directFlowMw", n);
    const reverse = f64(f, "reverseFlowMw", n);
    const net = zip(direct, reverse, (d, r) => d - r);
    // Losses scale with the power actually carried, in either direction.
    const lossFactor = factors.value;
    const losses = zip(direct, reverse, (d, r, i) => lossFactor[i]! * (d + r));
    return ok({ net_flow_mw: net, net_flow_mwh: times(net, h), losses_mw: losses, losses_mwh: times(losses, h) });
  },
  buses: (f, n, h) =>
    ok({
      load_mwh: times(f64(f, "loadMw", n), h),
      deficit_mwh: times(f64(f, "deficitMw", n), h),
      excess_mwh: times(f64(f, "excessMw", n), h),
    }),
  pumping_stations: (f, n, h) =>
    ok({
      // m³/s over h hours = flow × 3600·h m³ = flow × 0.0036·h hm³.
      pumped_volume_hm3: times(f64(f, "pumpedFlowM3s", n), h, 0.0036),
      energy_consumption_mwh: times(f64(f, "powerConsumptionMw", n), h),
    }),
  contracts: (f, n, h) => ok({ energy_mwh: times(f64(f, "powerMw", n), h) }),
  non_controllables: (f, n, h) =>
    ok({
      generation_mwh: times(f64(f, "generationMw", n), h),
      curtailment_mwh: times(f64(f, "curtailmentMw", n), h),
    }),
};

function filled(spec: OutputSchema["columns"][number], length: number): ColumnInput {
  if (spec.type === "Int8") return new Int8Array(length).fill(spec.fill);
  if (spec.type === "Int32") return new Int32Array(length).fill(spec.nullable ? -1 : spec.fill);
  return new Float64Array(length).fill(spec.nullable ? Number.NaN : spec.fill);
}

/** Number of rows of a family: the length of its `stageId`. */
function familyLength(family: Family | undefined): number {
  const s = family?.stageId;
  return s instanceof Int32Array ? s.length : 0;
}

/**
 * The full column set of `schema` for one family (`undefined` = zero rows). Missing
 * required columns are `SchemaError`s; lengths are checked later by `buildTable`.
 */
export function familyColumns(
  schema: OutputSchema,
  entity: string,
  family: Family | undefined,
  ctx: FamilyContext,
): Result<{ columns: Record<string, ColumnInput>; length: number }, OutputError> {
  const fam: Family = family ?? {};
  const length = familyLength(family);
  let derived: Derived = {};
  const deriver = DERIVERS[entity];
  if (deriver !== undefined) {
    const h = rowHours(fam, length, ctx);
    if (!h.ok) return h;
    const d = deriver(fam, length, h.value, ctx);
    if (!d.ok) return d;
    derived = d.value;
  }
  const columns: Record<string, ColumnInput> = {};
  for (const spec of schema.columns) {
    const given = fam[camelName(spec.name)] as ColumnInput | undefined;
    if (spec.source === "derived") {
      const d = derived[spec.name];
      if (d === undefined) return err(schemaError(ctx.file, spec.name, "no derivation for a derived column"));
      columns[spec.name] = d;
    } else if (given !== undefined) {
      columns[spec.name] = given;
    } else if (spec.source === "optional" || family === undefined) {
      columns[spec.name] = filled(spec, length);
    } else {
      return err(schemaError(ctx.file, spec.name, `required input '${camelName(spec.name)}' missing`));
    }
  }
  return ok({ columns, length });
}
