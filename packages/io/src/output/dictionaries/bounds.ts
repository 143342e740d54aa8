/**
 * `bounds.parquet`: resolved bounds per (entity, stage, bound type), for the stages each
 * entity is in service. Each row carries the quantity's full range: the `_min` and `_max`
 * rows of one quantity both hold [lower_bound, upper_bound], so a reader filtering on
 * either code gets the admissible range. Unbounded sides are ±Infinity. Stage overrides
 * from `constraints/*` are applied when given.
 */
import { isInService, type Constraints, type System } from "@cobre/core";
import type { ColumnInput } from "../arrow-columns";
import { BOUND_TYPE, ENTITY_TYPE } from "./codes";

type Row = [entityType: number, entityId: number, stageId: number, boundType: number, lower: number, upper: number];

function pair(rows: Row[], e: number, id: number, stage: number, min: number, max: number, lo: number, hi: number) {
  rows.push([e, id, stage, min, lo, hi], [e, id, stage, max, lo, hi]);
}

export function boundsRows(system: System, constraints?: Constraints): Row[] {
  const rows: Row[] = [];
  const key = (id: number, stage: number) => `${id}:${stage}`;
  const hydroOv = new Map(constraints?.hydroBounds.map((o) => [key(o.hydroId, o.stageId), o]));
  const thermalOv = new Map(constraints?.thermalBounds.map((o) => [key(o.thermalId, o.stageId), o]));
  const lineOv = new Map(constraints?.lineBounds.map((o) => [key(o.lineId, o.stageId), o]));
  for (const stage of system.stages) {
    const s = stage.id;
    for (const h of system.hydros) {
      if (!isInService(h, s)) continue;
      const o = hydroOv.get(key(h.id, s));
      const B = BOUND_TYPE;
      const g = h.generation;
      pair(
        rows,
        ENTITY_TYPE.hydro,
        h.id,
        stage.index,
        B.storage_min,
        B.storage_max,
        o?.minStorageHm3 ?? h.minStorageHm3,
        o?.maxStorageHm3 ?? h.maxStorageHm3,
      );
      pair(
        rows,
        ENTITY_TYPE.hydro,
        h.id,
        stage.index,
        B.turbined_min,
        B.turbined_max,
        o?.minTurbinedM3s ?? g.minTurbinedM3s,
        o?.maxTurbinedM3s ?? g.maxTurbinedM3s,
      );
      pair(
        rows,
        ENTITY_TYPE.hydro,
        h.id,
        stage.index,
        B.outflow_min,
        B.outflow_max,
        o?.minOutflowM3s ?? h.minOutflowM3s,
        o?.maxOutflowM3s ?? h.maxOutflowM3s ?? Number.POSITIVE_INFINITY,
      );
      pair(
        rows,
        ENTITY_TYPE.hydro,
        h.id,
        stage.index,
        B.generation_min,
        B.generation_max,
        o?.minGenerationMw ?? g.minGenerationMw,
        o?.maxGenerationMw ?? g.maxGenerationMw,
      );
    }
    for (const t of system.thermals) {
      if (!isInService(t, s)) continue;
      const o = thermalOv.get(key(t.id, s));
      pair(
        rows,
        ENTITY_TYPE.thermal,
        t.id,
        stage.index,
        BOUND_TYPE.generation_min,
        BOUND_TYPE.generation_max,
        o?.minGenerationMw ?? t.minGenerationMw,
        o?.maxGenerationMw ?? t.maxGenerationMw,
      );
    }
    for (const l of system.lines) {
      if (!isInService(l, s)) continue;
      const o = lineOv.get(key(l.id, s));
      // Signed flow: reverse capacity is the negative side.
      pair(
        rows,
        ENTITY_TYPE.line,
        l.id,
        stage.index,
        BOUND_TYPE.flow_min,
        BOUND_TYPE.flow_max,
        -(o?.reverseMw ?? l.reverseMw),
        o?.directMw ?? l.directMw,
      );
    }
  }
  return rows;
}

export function boundsColumns(rows: readonly Row[]): { columns: Record<string, ColumnInput>; length: number } {
  const col = (i: number) => rows.map((r) => r[i]!);
  return {
    columns: {
      entity_type_code: col(0),
      entity_id: col(1),
      stage_id: col(2),
      bound_type_code: col(3),
      lower_bound: col(4),
      upper_bound: col(5),
    },
    length: rows.length,
  };
}
