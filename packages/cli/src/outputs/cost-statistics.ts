/**
 * Cost statistics across simulation scenarios: every cost column of `simulation/costs/`
 * is summed over the (stage, block) rows of each scenario, and the per-scenario totals
 * are summarised (mean, std, p5, p50, p95). `future_cost` and `discount_factor` are left
 * out: a sum of per-stage future-cost estimates or of discount factors is not a cost.
 */
import type { Table } from "apache-arrow";
import { err, ok, type Result } from "@cobre/core";
import { readSimulation } from "@cobre/io";
import { type Distribution, distribution } from "../stats";
import { numbers } from "./arrow-rows";
import type { ReadError } from "./errors";

const NOT_SUMMABLE = new Set(["stage_id", "block_id", "scenario_id", "future_cost", "discount_factor"]);

export interface ComponentStatistics extends Distribution {
  readonly component: string;
}

export interface CostStatistics {
  readonly scenarios: number;
  /** `total_cost` first, then the components in file order. */
  readonly components: readonly ComponentStatistics[];
  /** Per-scenario totals, keyed by component (for plots). */
  readonly perScenario: ReadonlyMap<string, Float64Array>;
}

/** Summarises a costs table as returned by `readSimulation(dir, "costs")`. */
export function costStatistics(table: Table): CostStatistics {
  const scenarioIds = numbers(table, "scenario_id");
  const slot = new Map<number, number>();
  const rowSlot = new Int32Array(table.numRows);
  for (let i = 0; i < table.numRows; i++) {
    const id = scenarioIds[i]!;
    let s = slot.get(id);
    if (s === undefined) {
      s = slot.size;
      slot.set(id, s);
    }
    rowSlot[i] = s;
  }
  const perScenario = new Map<string, Float64Array>();
  for (const field of table.schema.fields) {
    if (NOT_SUMMABLE.has(field.name)) continue;
    const values = numbers(table, field.name);
    const sums = new Float64Array(slot.size);
    // Null (not modelled) adds nothing: the component did not occur.
    for (let i = 0; i < table.numRows; i++) if (Number.isFinite(values[i]!)) sums[rowSlot[i]!]! += values[i]!;
    perScenario.set(field.name, sums);
  }
  const components = [...perScenario].map(([component, sums]) => ({ component, ...distribution(sums) }));
  return { scenarios: slot.size, components, perScenario };
}

/** Reads `simulation/costs/` of every scenario on disk and summarises it. */
export async function readCostStatistics(outputDir: string): Promise<Result<CostStatistics, ReadError>> {
  const table = await readSimulation(outputDir, "costs");
  return table.ok ? ok(costStatistics(table.value)) : err({ family: "output", error: table.error });
}
