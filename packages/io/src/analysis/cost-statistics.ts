/**
 * Cost statistics of a simulation (`simulation/costs/`): each cost component summed over
 * the stages and blocks of a scenario, then summarised over scenarios (mean, std,
 * p5/p50/p95), plus the per-scenario totals themselves.
 */
import type { Result } from "@cobre/core";
import { err, ok } from "@cobre/core";
import { readSimulation } from "../output/readers";
import type { AnalysisError } from "./errors";
import { fromOutputError } from "./output-errors";
import { type Summary, summarize } from "./statistics";
import { numericColumn } from "./table-rows";

/**
 * Columns of `costs` that are not additive costs: keys, the future-cost estimate (a
 * value-function reading, not money spent) and the discount factor.
 */
const NOT_A_COMPONENT = new Set(["stage_id", "block_id", "scenario_id", "future_cost", "discount_factor"]);

export interface CostStatistics {
  readonly scenarios: number;
  /** Per cost component (`total_cost`, `thermal_cost`, …): statistics over scenario sums. */
  readonly components: Readonly<Record<string, Summary>>;
  /** Per scenario: its `total_cost` summed over stages and blocks, in scenario order. */
  readonly scenarioTotals: readonly { readonly scenario_id: number; readonly total_cost: number }[];
}

/** Computes {@link CostStatistics} for the simulation written under `outputDir`. */
export async function costStatistics(outputDir: string): Promise<Result<CostStatistics, AnalysisError>> {
  const table = await readSimulation(outputDir, "costs");
  if (!table.ok) return err(fromOutputError(table.error, outputDir));
  const t = table.value;
  const scenarioIds = numericColumn(t, "scenario_id");
  // Scenario ids in first-seen order; readSimulation returns them sorted.
  const index = new Map<number, number>();
  for (const id of scenarioIds) if (id !== null && !index.has(id)) index.set(id, index.size);
  const components: Record<string, Summary> = {};
  let totals: Float64Array = new Float64Array(index.size);
  for (const field of t.schema.fields) {
    if (NOT_A_COMPONENT.has(field.name)) continue;
    const values = numericColumn(t, field.name);
    const sums = new Float64Array(index.size);
    values.forEach((v, i) => {
      const s = index.get(scenarioIds[i] ?? -1);
      if (s !== undefined && v !== null) sums[s]! += v;
    });
    components[field.name] = summarize(sums);
    if (field.name === "total_cost") totals = sums;
  }
  const scenarioTotals = [...index.entries()].map(([scenario_id, s]) => ({ scenario_id, total_cost: totals[s] ?? 0 }));
  return ok({ scenarios: index.size, components, scenarioTotals });
}
