/**
 * End-of-stage storage percentiles per hydro across simulation scenarios, for the storage
 * plot. Rows of `simulation/hydros/` are per block; storage is a stage-level state, so the
 * last block of each stage gives the end-of-stage value.
 */
import { err, ok, type Result } from "@cobre/core";
import { readSimulation } from "@cobre/io";
import { quantileSorted } from "../stats";
import { numbers } from "./arrow-rows";
import type { ReadError } from "./errors";

export interface StoragePercentiles {
  readonly hydro_id: number;
  readonly stage_id: number;
  readonly p10: number;
  readonly p50: number;
  readonly p90: number;
}

/** Percentile rows sorted by hydro then stage. */
export async function readStoragePercentiles(outputDir: string): Promise<Result<StoragePercentiles[], ReadError>> {
  const r = await readSimulation(outputDir, "hydros");
  if (!r.ok) return err({ family: "output", error: r.error });
  const t = r.value;
  const [scenario, stage, block, hydro, storage] = [
    "scenario_id",
    "stage_id",
    "block_id",
    "hydro_id",
    "storage_final_hm3",
  ].map((c) => numbers(t, c)) as [Float64Array, Float64Array, Float64Array, Float64Array, Float64Array];
  // (hydro, stage) → scenario → [block, storage] of the latest block seen.
  const last = new Map<string, Map<number, [number, number]>>();
  for (let i = 0; i < t.numRows; i++) {
    const key = `${hydro[i]}:${stage[i]}`;
    const byScenario = last.get(key) ?? new Map<number, [number, number]>();
    last.set(key, byScenario);
    const seen = byScenario.get(scenario[i]!);
    if (seen === undefined || block[i]! >= seen[0]) byScenario.set(scenario[i]!, [block[i]!, storage[i]!]);
  }
  const rows: StoragePercentiles[] = [];
  for (const [key, byScenario] of last) {
    const [h, s] = key.split(":").map(Number) as [number, number];
    const sorted = Float64Array.from([...byScenario.values()].map(([, v]) => v)).sort();
    rows.push({
      hydro_id: h,
      stage_id: s,
      p10: quantileSorted(sorted, 0.1),
      p50: quantileSorted(sorted, 0.5),
      p90: quantileSorted(sorted, 0.9),
    });
  }
  return ok(rows.sort((a, b) => a.hydro_id - b.hydro_id || a.stage_id - b.stage_id));
}
