/**
 * Cost distribution chart: one box plot per cost component of the per-scenario totals
 * (box = quartiles, whiskers = min and max), components with no cost in any scenario left
 * out. Shows at a glance which components drive the expected cost and its spread.
 */
import type { TopLevelSpec } from "vega-lite";
import type { CostStatistics } from "../run-data/read";
import { MONEY_FORMAT } from "./render-svg";

/** Components with a non-zero value in some scenario (solver noise of 1e-9 relative ignored). */
export function plottedComponents(stats: CostStatistics): string[] {
  const scale = Math.max(1, Math.abs(stats.components.find((c) => c.component === "total_cost")?.mean ?? 1));
  return stats.components
    .filter((c) => Math.max(Math.abs(c.min), Math.abs(c.max)) > 1e-9 * scale)
    .map((c) => c.component);
}

export function costsSpec(stats: CostStatistics, title: string): TopLevelSpec {
  const components = plottedComponents(stats);
  const values = components.flatMap((component) =>
    [...(stats.perScenario.get(component) ?? [])].map((cost) => ({ component, cost })),
  );
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title: { text: title, subtitle: `Per-scenario cost by component over ${stats.scenarios} scenarios` },
    width: 640,
    data: { values },
    mark: { type: "boxplot", extent: "min-max", size: 14 },
    encoding: {
      y: { field: "component", type: "nominal", title: null, sort: components },
      x: {
        field: "cost",
        type: "quantitative",
        title: "Cost per scenario ($)",
        axis: { format: MONEY_FORMAT },
        scale: { zero: false },
      },
      color: { field: "component", type: "nominal", legend: null },
    },
  } as TopLevelSpec;
}
