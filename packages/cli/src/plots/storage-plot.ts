/**
 * Storage chart: end-of-stage storage per hydro across simulation scenarios, the median
 * as a line and the p10–p90 range shaded, one panel per hydro (each with its own scale,
 * since reservoirs differ by orders of magnitude).
 */
import type { TopLevelSpec } from "vega-lite";
import type { StoragePercentiles } from "@cobre/io";

export function storageSpec(
  rows: readonly StoragePercentiles[],
  names: ReadonlyMap<number, string>,
  title: string,
): TopLevelSpec {
  const label = (id: number) => `${id} ${names.get(id) ?? ""}`.trim();
  const values = rows.map((r) => ({ ...r, hydro: label(r.hydro_id) }));
  const order = [...new Set(rows.map((r) => r.hydro_id))].sort((a, b) => a - b).map(label);
  const x = { field: "stage_id", type: "quantitative", title: "Stage", axis: { tickMinStep: 1 } } as const;
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title: { text: title, subtitle: "End-of-stage storage (hm³): median line, p10–p90 shaded" },
    data: { values },
    facet: { field: "hydro", type: "nominal", title: null, sort: order },
    columns: Math.min(3, order.length),
    spec: {
      width: 260,
      height: 160,
      layer: [
        {
          name: "p10_p90",
          mark: { type: "area", opacity: 0.3, color: "#4c78a8" },
          encoding: { x, y: { field: "p10", type: "quantitative", title: "Storage (hm³)" }, y2: { field: "p90" } },
        },
        {
          name: "p50",
          mark: { type: "line", color: "#4c78a8", strokeWidth: 2 },
          encoding: { x, y: { field: "p50", type: "quantitative" } },
        },
      ],
    },
    resolve: { scale: { y: "independent" } },
  } as TopLevelSpec;
}
