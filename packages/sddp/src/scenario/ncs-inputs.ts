/**
 * Non-controllable source inputs: availability statistics per (stage, source) from
 * `non_controllable_stats.parquet` (a source with any row is stochastic and takes a noise
 * slot after the load buses) and per-block factors from `non_controllable_factors.json`.
 */
import type { Case } from "@cobre/core";

export interface NcsInputs {
  readonly numNcs: number;
  /** Ids of the sources with statistics, ascending. */
  readonly stochasticIds: readonly number[];
  readonly maxGenMw: Float64Array;
  /** [t * N + n] */
  readonly mean: Float64Array;
  readonly std: Float64Array;
  /** Per stage, [n * K + k]. */
  readonly factors: readonly Float64Array[];
}

export function ncsInputs(c: Case): NcsInputs {
  const { system, scenarios } = c;
  const sources = system.nonControllableSources;
  const N = sources.length;
  const T = system.stages.length;
  const pos = new Map(sources.map((s, i) => [s.id, i]));
  const stagePos = new Map(system.stages.map((s, i) => [s.id, i]));
  const mean = new Float64Array(T * N);
  const std = new Float64Array(T * N);
  const stochastic = new Set<number>();
  for (const row of scenarios.ncsStats) {
    const n = pos.get(row.ncsId);
    const t = stagePos.get(row.stageId);
    if (n === undefined || t === undefined) continue;
    mean[t * N + n] = row.mean;
    std[t * N + n] = row.std;
    stochastic.add(row.ncsId);
  }
  const factors = system.stages.map((stage) => {
    const K = stage.blocks.length;
    const f = new Float64Array(N * K).fill(1);
    for (const entry of scenarios.ncsFactors) {
      if (entry.stageId !== stage.id) continue;
      const n = pos.get(entry.entityId);
      if (n === undefined) continue;
      for (const bf of entry.blockFactors) {
        const k = stage.blocks.findIndex((blk) => blk.id === bf.blockId);
        if (k >= 0) f[n * K + k] = bf.factor;
      }
    }
    return f;
  });
  return {
    numNcs: N,
    stochasticIds: [...stochastic].sort((a, b) => a - b),
    maxGenMw: Float64Array.from(sources, (s) => s.maxGenerationMw),
    mean,
    std,
    factors,
  };
}
