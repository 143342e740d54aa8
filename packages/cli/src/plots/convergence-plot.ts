/**
 * Convergence chart: lower bound and statistical upper bound per iteration, with the
 * upper bound's 95% confidence band shaded. A lower bound that flattens inside the band
 * is the visual cue that training has converged.
 */
import type { TopLevelSpec } from "vega-lite";
import type { ConvergenceLogRow } from "@cobre/io";
import { MONEY_FORMAT } from "./render-svg";

const BOUND_SERIES = ["Lower bound", "Upper bound (mean)"] as const;

export function convergenceSpec(rows: readonly ConvergenceLogRow[], title: string): TopLevelSpec {
  const band = rows.map((r) => ({
    iteration: r.iteration,
    low: r.upper_bound_mean - r.upper_bound_ci95,
    high: r.upper_bound_mean + r.upper_bound_ci95,
  }));
  const lines = rows.flatMap((r) => [
    { iteration: r.iteration, series: BOUND_SERIES[0], value: r.lower_bound },
    { iteration: r.iteration, series: BOUND_SERIES[1], value: r.upper_bound_mean },
  ]);
  const x = { field: "iteration", type: "quantitative", title: "Iteration", axis: { tickMinStep: 1 } } as const;
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title: { text: title, subtitle: "Shaded: 95% confidence interval of the upper bound" },
    width: 640,
    height: 360,
    layer: [
      {
        name: "ci_band",
        data: { values: band },
        mark: { type: "area", opacity: 0.25, color: "#f58518" },
        encoding: {
          x,
          y: { field: "low", type: "quantitative", title: "Expected cost ($)", axis: { format: MONEY_FORMAT } },
          y2: { field: "high" },
        },
      },
      {
        name: "bounds",
        data: { values: lines },
        mark: { type: "line", point: false, strokeWidth: 2 },
        encoding: {
          x,
          y: { field: "value", type: "quantitative" },
          color: {
            field: "series",
            type: "nominal",
            title: null,
            scale: { domain: [...BOUND_SERIES], range: ["#4c78a8", "#f58518"] },
            legend: { orient: "bottom" },
          },
        },
      },
    ],
  } as TopLevelSpec;
}
