/**
 * Cost statistics of a simulation (`simulation/costs/`): each cost component summed over
 * the stages and blocks of a scenario, then summarised over scenarios (mean, std,
 * p5/p50/p95), plus the per-scenario totals themselves.
 */
import type { Table } from "apache-arrow";
import type { Result } from "@cobre/core";
import { err, ok } from "@cobre/core";
import { readSimulation } from "../output/directory/readers";
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

/**
 * Sums every cost component of a `simulation/costs` table over the (stage, block) rows of
 * each scenario: `sums.get(component)[k]` is the total of scenario `scenarioIds[k]`.
 * Nulls (a component not modelled) add nothing. Components keep the file's column order.
 */
export function scenarioCostSums(t: Table): { scenarioIds: number[]; sums: Map<string, Float64Array> } {
  const ids = numericColumn(t, "scenario_id");
  // Scenario ids in first-seen order; readSimulation returns them sorted.
  const index = new Map<number, number>();
  for (const id of ids) if (id !== null && !index.has(id)) index.set(id, index.size);
  const sums = new Map<string, Float64Array>();
  for (const field of t.schema.fields) {
    if (NOT_A_COMPONENT.has(field.name)) continue;
    const values = numericColumn(t, field.name);
    const total = new Float64Array(index.size);
    values.forEach((v, i) => {
      const k = index.get(ids[i] ?? -1);
      if (k !== undefined && v !== null && Number.isFinite(v)) total[k]! += v;
    });
    sums.set(field.name, total);
  }
  return { scenarioIds: [...index.keys()], sums };
}

/** Computes {@link CostStatistics} for the simulation written under `outputDir`. */
export async function costStatistics(outputDir: string): Promise<Result<CostStatistics, AnalysisError>> {
  const table = await readSimulation(outputDir, "costs");
  if (!table.ok) return err(fromOutputError(table.error, outputDir));
  return ok(summarizeCostSums(scenarioCostSums(table.value)));
}

/**
 * {@link CostStatistics} of the per-scenario sums of {@link scenarioCostSums}; callers that
 * also plot the sums compute them once and summarise them here.
 */
export function summarizeCostSums({ scenarioIds, sums }: ReturnType<typeof scenarioCostSums>): CostStatistics {
  const components: Record<string, Summary> = {};
  for (const [name, values] of sums) components[name] = summarize(values);
  const totals = sums.get("total_cost") ?? new Float64Array(scenarioIds.length);
  const scenarioTotals = scenarioIds.map((scenario_id, k) => ({ scenario_id, total_cost: totals[k] ?? 0 }));
  return { scenarios: scenarioIds.length, components, scenarioTotals };
}
