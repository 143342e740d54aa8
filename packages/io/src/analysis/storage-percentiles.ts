/**
 * End-of-stage storage percentiles per hydro across simulation scenarios, for the storage
 * plot. Rows of `simulation/hydros/` are per block; storage is a stage-level state, so the
 * last block of each stage gives the end-of-stage value.
 */
import type { Table } from "apache-arrow";
import { quantile } from "./statistics";
import { numericColumn } from "./table-rows";

export interface StoragePercentiles {
  readonly hydro_id: number;
  readonly stage_id: number;
  /** Null only when no scenario has a storage value for the (hydro, stage). */
  readonly p10: number | null;
  readonly p50: number | null;
  readonly p90: number | null;
}

/**
 * Percentile rows of a `simulation/hydros` table (as `readSimulation(dir, "hydros")`
 * returns it), sorted by hydro then stage. Rows with a null key are skipped, and so are
 * null storages, as `summarize` skips them: a percentile is over the values present.
 */
export function storagePercentiles(t: Table): StoragePercentiles[] {
  const [scenario, stage, block, hydro, storage] = [
    "scenario_id",
    "stage_id",
    "block_id",
    "hydro_id",
    "storage_final_hm3",
  ].map((c) => numericColumn(t, c)) as [
    (number | null)[],
    (number | null)[],
    (number | null)[],
    (number | null)[],
    (number | null)[],
  ];
  // hydro → stage → scenario → [block, storage] of the latest block seen.
  const last = new Map<number, Map<number, Map<number, [number, number | null]>>>();
  for (let i = 0; i < t.numRows; i++) {
    const [h, s, k, b] = [hydro[i], stage[i], scenario[i], block[i]];
    if (h == null || s == null || k == null || b == null) continue;
    const byStage = last.get(h) ?? new Map<number, Map<number, [number, number | null]>>();
    last.set(h, byStage);
    const byScenario = byStage.get(s) ?? new Map<number, [number, number | null]>();
    byStage.set(s, byScenario);
    const seen = byScenario.get(k);
    if (seen === undefined || b >= seen[0]) byScenario.set(k, [b, storage[i] ?? null]);
  }
  const rows: StoragePercentiles[] = [];
  for (const [hydro_id, byStage] of last) {
    for (const [stage_id, byScenario] of byStage) {
      const values = [...byScenario.values()].map(([, v]) => v).filter((v): v is number => v !== null);
      const sorted = Float64Array.from(values).sort();
      rows.push({
        hydro_id,
        stage_id,
        p10: quantile(sorted, 0.1),
        p50: quantile(sorted, 0.5),
        p90: quantile(sorted, 0.9),
      });
    }
  }
  return rows.sort((a, b) => a.hydro_id - b.hydro_id || a.stage_id - b.stage_id);
}
