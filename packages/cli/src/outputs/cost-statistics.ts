/**
 * Cost statistics across simulation scenarios: every cost column of `simulation/costs/`
 * is summed over the (stage, block) rows of each scenario, and the per-scenario totals
 * are summarised (mean, std, p5, p50, p95). `future_cost` and `discount_factor` are left
 * out: a sum of per-stage future-cost estimates or of discount factors is not a cost.
 */
import type { Table } from "apache-arrow";
import { err, ok, type Result } from "@cobre/core";
import { readSimulation, scenarioCostSums } from "@cobre/io";
import { type Distribution, distribution } from "../stats";
import type { ReadError } from "./errors";

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
function costStatistics(table: Table): CostStatistics {
  const { scenarioIds, sums } = scenarioCostSums(table);
  const components = [...sums].map(([component, values]) => ({ component, ...distribution(values) }));
  return { scenarios: scenarioIds.length, components, perScenario: sums };
}

/** Reads `simulation/costs/` of every scenario on disk and summarises it. */
export async function readCostStatistics(outputDir: string): Promise<Result<CostStatistics, ReadError>> {
  const table = await readSimulation(outputDir, "costs");
  return table.ok ? ok(costStatistics(table.value)) : err({ family: "output", error: table.error });
}
