/**
 * User-defined linear constraints (`constraints/generic_constraints.json` with their
 * right-hand sides in `generic_constraint_bounds.parquet`). A constraint is active at a
 * stage only where a bound row exists; a bound with a null block gives one row per block
 * (block variables without a block argument read the row's block), a bound with a block
 * gives one row for that block. With `slack.enabled` the row is soft: a penalised slack
 * (`penalty · block hours` per unit) relaxes `<=`/`>=` in the violating direction, and an
 * `==` row gets one slack each way. Expressions arrive parsed (`GenericConstraint.lhs`, by
 * the parser of @cobre/core during validation), so every term names a known variable and
 * an entity that exists; a constant term moves to the right-hand side.
 */
import type { GenericConstraint, LinearExpression, Stage } from "@cobre/core";
import { INF, type StageContext } from "./stage-context";

/** The columns a generic constraint can reference (layouts of the feature builders). */
export interface ReferencableColumns {
  readonly storageOut: Int32Array;
  readonly evaporationCols: Int32Array;
  readonly withdrawalScheduledM3s: Float64Array;
  readonly withdrawalUnderCols: Int32Array;
  readonly withdrawalOverCols: Int32Array;
  readonly turbinedCols: Int32Array;
  readonly spillageCols: Int32Array;
  readonly diversionCols: Int32Array;
  readonly generationCols: Int32Array;
  readonly productivity: Float64Array;
  readonly thermalCols: Int32Array;
  readonly lineDirectCols: Int32Array;
  readonly lineReverseCols: Int32Array;
  readonly deficitCols: readonly (readonly number[])[];
  readonly excessCols: Int32Array;
  readonly pumpingCols: Int32Array;
  readonly contractCols: Int32Array;
  readonly ncsCols: Int32Array;
}

export interface GenericConstraintRows {
  /** One entry per row added: constraint id, block position, row and slack columns (−1 if none). */
  readonly rows: readonly {
    readonly constraintId: number;
    readonly block: number;
    readonly row: number;
    readonly slackPlus: number;
    readonly slackMinus: number;
  }[];
}

/** A linear form: column coefficients plus a constant moved to the right-hand side. */
interface LinearForm {
  readonly entries: Map<number, number>;
  constant: number;
}

export function buildGenericConstraints(ctx: StageContext, cols: ReferencableColumns): GenericConstraintRows {
  const { b, system, stage, K, hours } = ctx;
  const rows: GenericConstraintRows["rows"][number][] = [];
  const allBounds = ctx.bounds.constraints.genericConstraintBounds;
  for (const gc of system.genericConstraints) {
    const stageBounds = allBounds.filter((r) => r.constraintId === gc.id && r.stageId === stage.id);
    if (stageBounds.length === 0) continue;
    for (const bound of stageBounds) {
      const blocks = bound.blockId === null ? [...Array(K).keys()] : [blockPosition(stage, bound.blockId)];
      for (const k of blocks) {
        if (k < 0 || k >= K) continue;
        const form = linearForm(ctx, cols, gc.lhs, k);
        const rhs = bound.bound - form.constant;
        const row = b.addRow(gc.sense === "<=" ? -INF : rhs, gc.sense === ">=" ? INF : rhs);
        for (const [col, v] of form.entries) b.set(row, col, v);
        const { plus, minus } = addSlacks(ctx, gc, row, hours[k]!);
        rows.push({ constraintId: gc.id, block: k, row, slackPlus: plus, slackMinus: minus });
      }
    }
  }
  return { rows };
}

/** Bound rows name blocks by id; ids are block positions in the format, fall back to the position. */
function blockPosition(stage: Stage, blockId: number): number {
  const byId = stage.blocks.findIndex((blk) => blk.id === blockId);
  return byId >= 0 ? byId : blockId;
}

function addSlacks(
  ctx: StageContext,
  gc: GenericConstraint,
  row: number,
  hours: number,
): { plus: number; minus: number } {
  if (!gc.slack.enabled) return { plus: -1, minus: -1 };
  const cost = (gc.slack.penalty ?? 0) * hours;
  const plus = ctx.b.addCol(cost, 0, INF);
  // `<=` is violated upwards, so its slack subtracts; `>=` and `==` add the plus slack.
  ctx.b.set(row, plus, gc.sense === "<=" ? -1 : 1);
  if (gc.sense !== "==") return { plus, minus: -1 };
  const minus = ctx.b.addCol(cost, 0, INF);
  ctx.b.set(row, minus, -1);
  return { plus, minus };
}

function linearForm(ctx: StageContext, cols: ReferencableColumns, lhs: LinearExpression, rowBlock: number): LinearForm {
  const form: LinearForm = { entries: new Map(), constant: lhs.constant };
  const add = (col: number | undefined, v: number): void => {
    if (col === undefined || col < 0 || v === 0) return;
    form.entries.set(col, (form.entries.get(col) ?? 0) + v);
  };
  const { system, K } = ctx;
  for (const term of lhs.terms) {
    const c = term.coefficient;
    // Validation checked that a block argument is a block of every stage the constraint is bound at.
    const k = term.blockId === null ? rowBlock : blockPosition(ctx.stage, term.blockId);
    if (k < 0 || k >= K)
      throw new Error(`generic constraint term ${term.variable}: block ${term.blockId} out of range`);
    // Validation resolved every entity id (MissingReference otherwise): a miss is a bug.
    const pos = (list: readonly { readonly id: number }[]): number => {
      const at = list.findIndex((e) => e.id === term.entityId);
      if (at < 0) throw new Error(`generic constraint term ${term.variable}(${term.entityId}): no such entity`);
      return at;
    };
    switch (term.variable) {
      case "hydro_storage": {
        const h = pos(system.hydros);
        add(cols.storageOut[h], c);
        break;
      }
      case "hydro_evaporation": {
        const h = pos(system.hydros);
        add(cols.evaporationCols[h], c);
        break;
      }
      case "hydro_withdrawal": {
        // Effective withdrawal: schedule − under-withdrawal + over-withdrawal.
        const h = pos(system.hydros);
        form.constant += c * cols.withdrawalScheduledM3s[h]!;
        add(cols.withdrawalUnderCols[h], -c);
        add(cols.withdrawalOverCols[h], c);
        break;
      }
      case "hydro_turbined":
      case "hydro_spillage":
      case "hydro_diversion":
      case "hydro_outflow": {
        const h = pos(system.hydros);
        const at = h * K + k;
        if (term.variable === "hydro_turbined" || term.variable === "hydro_outflow") add(cols.turbinedCols[at], c);
        if (term.variable === "hydro_spillage" || term.variable === "hydro_outflow") add(cols.spillageCols[at], c);
        if (term.variable === "hydro_diversion" || term.variable === "hydro_outflow") add(cols.diversionCols[at], c);
        break;
      }
      case "hydro_generation": {
        const h = pos(system.hydros);
        const g = cols.generationCols[h * K + k]!;
        if (g >= 0) add(g, c);
        else add(cols.turbinedCols[h * K + k], c * cols.productivity[h]!);
        break;
      }
      case "thermal_generation": {
        const i = pos(system.thermals);
        add(cols.thermalCols[i * K + k], c);
        break;
      }
      case "line_direct":
      case "line_reverse":
      case "line_exchange": {
        const i = pos(system.lines);
        if (term.variable !== "line_reverse") add(cols.lineDirectCols[i * K + k], c);
        if (term.variable === "line_reverse") add(cols.lineReverseCols[i * K + k], c);
        if (term.variable === "line_exchange") add(cols.lineReverseCols[i * K + k], -c);
        break;
      }
      case "bus_deficit": {
        const i = pos(system.buses);
        for (const col of cols.deficitCols[i * K + k] ?? []) add(col, c);
        break;
      }
      case "bus_excess": {
        const i = pos(system.buses);
        add(cols.excessCols[i * K + k], c);
        break;
      }
      case "pumping_flow":
      case "pumping_power": {
        const i = pos(system.pumpingStations);
        const scale = term.variable === "pumping_power" ? system.pumpingStations[i]!.consumptionMwPerM3s : 1;
        add(cols.pumpingCols[i * K + k], c * scale);
        break;
      }
      case "contract_import":
      case "contract_export": {
        const i = pos(system.energyContracts);
        const wanted = term.variable === "contract_import" ? "import" : "export";
        if (system.energyContracts[i]!.type === wanted) add(cols.contractCols[i * K + k], c);
        break;
      }
      case "non_controllable_generation":
      case "non_controllable_curtailment": {
        const i = pos(system.nonControllableSources);
        const col = cols.ncsCols[i * K + k]!;
        if (col < 0) break;
        if (term.variable === "non_controllable_generation") add(col, c);
        else {
          // Curtailment = available − generation, with the template's availability.
          form.constant += c * ctx.b.colUpperOf(col);
          add(col, -c);
        }
        break;
      }
    }
  }
  return form;
}
