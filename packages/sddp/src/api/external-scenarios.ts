/**
 * `loadExternalScenarios`: the case's `scenarios/external_{inflow,load,ncs}_scenarios.parquet`
 * rows (as loaded and validated by `loadCase`) in one Arrow table.
 */
import type { ExternalScenarioValue } from "@cobre/core";
import { Float64, Int32, Table, Utf8, makeVector, vectorFromArray } from "apache-arrow";
import { type CaseLike, caseOf } from "./case-like";

export type ExternalScenarioClass = "inflow" | "load" | "ncs";

/**
 * One row per (class, entity, stage, scenario), in the files' order: columns `class`
 * (Utf8: `inflow` | `load` | `ncs`), `entity_id`, `stage_id`, `scenario_id` (Int32) and
 * `value` (Float64: m³/s for inflow, MW for load, the file's unit for NCS).
 * Empty (0 rows, same schema) when the case has no external scenario file.
 *
 * @example
 * ```ts
 * const table = loadExternalScenarios(loaded.value, { classes: ["inflow"] });
 * console.log(table.numRows, table.getChild("value")?.toArray());
 * ```
 */
export function loadExternalScenarios(
  input: CaseLike,
  options: { readonly classes?: readonly ExternalScenarioClass[] } = {},
): Table {
  const s = caseOf(input).scenarios;
  const sources: [ExternalScenarioClass, readonly ExternalScenarioValue[]][] = [
    ["inflow", s.externalInflow],
    ["load", s.externalLoad],
    ["ncs", s.externalNcs],
  ];
  const wanted = new Set(options.classes ?? ["inflow", "load", "ncs"]);
  const rows = sources.filter(([cls]) => wanted.has(cls));
  const n = rows.reduce((a, [, r]) => a + r.length, 0);
  const cls: string[] = [];
  const entity = new Int32Array(n);
  const stage = new Int32Array(n);
  const scenario = new Int32Array(n);
  const value = new Float64Array(n);
  let i = 0;
  for (const [name, list] of rows) {
    for (const r of list) {
      cls.push(name);
      entity[i] = r.entityId;
      stage[i] = r.stageId;
      scenario[i] = r.scenarioId;
      value[i] = r.value;
      i++;
    }
  }
  return new Table({
    class: vectorFromArray(cls, new Utf8()),
    entity_id: makeVector({ type: new Int32(), data: entity }),
    stage_id: makeVector({ type: new Int32(), data: stage }),
    scenario_id: makeVector({ type: new Int32(), data: scenario }),
    value: makeVector({ type: new Float64(), data: value }),
  });
}
