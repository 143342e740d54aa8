/**
 * `bounds.parquet`: resolved bounds per (entity, stage, bound type), for the stages each
 * entity is in service. Each row carries the quantity's full range: the `_min` and `_max`
 * rows of one quantity both hold [lower_bound, upper_bound], so a reader filtering on
 * either code gets the admissible range. Unbounded sides are ±Infinity. Stage overrides
 * from `constraints/*` are applied when given.
 */
import { type Constraints, isInService, StageBounds, type System } from "@cobre/core";
import type { ColumnInput } from "../parquet/arrow-columns";
import { BOUND_TYPE, ENTITY_TYPE } from "./codes";

type Row = [entityType: number, entityId: number, stageId: number, boundType: number, lower: number, upper: number];

function pair(rows: Row[], e: number, id: number, stage: number, min: number, max: number, lo: number, hi: number) {
  rows.push([e, id, stage, min, lo, hi], [e, id, stage, max, lo, hi]);
}

export function boundsRows(system: System, constraints?: Constraints): Row[] {
  const rows: Row[] = [];
  const bounds = new StageBounds(system, constraints);
  const B = BOUND_TYPE;
  for (const stage of system.stages) {
    const s = stage.id;
    for (const h of system.hydros) {
      if (!isInService(h, s)) continue;
      const b = bounds.hydroBounds(h, stage);
      const add = (min: number, max: number, lo: number, hi: number) =>
        pair(rows, ENTITY_TYPE.hydro, h.id, stage.index, min, max, lo, hi);
      add(B.storage_min, B.storage_max, b.minStorageHm3, b.maxStorageHm3);
      add(B.turbined_min, B.turbined_max, b.minTurbinedM3s, b.maxTurbinedM3s);
      add(B.outflow_min, B.outflow_max, b.minOutflowM3s, b.maxOutflowM3s ?? Number.POSITIVE_INFINITY);
      add(B.generation_min, B.generation_max, b.minGenerationMw, b.maxGenerationMw);
    }
    for (const t of system.thermals) {
      if (!isInService(t, s)) continue;
      const b = bounds.thermalBounds(t, stage);
      pair(rows, ENTITY_TYPE.thermal, t.id, stage.index, B.generation_min, B.generation_max, b.minMw, b.maxMw);
    }
    for (const l of system.lines) {
      if (!isInService(l, s)) continue;
      const cap = bounds.lineStageCapacity(l, stage);
      // Signed flow: reverse capacity is the negative side.
      pair(rows, ENTITY_TYPE.line, l.id, stage.index, B.flow_min, B.flow_max, -cap.reverseMw, cap.directMw);
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
