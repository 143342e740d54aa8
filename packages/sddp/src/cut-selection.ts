/**
 * Cut selection (`training.cut_selection`): deactivates cuts that do not shape the
 * future-cost function where the policy actually goes. Visited states are the trial
 * states of the forward passes. Deactivated cuts keep their rows (with a −∞ bound).
 *
 * - `level1`: keep a cut once it has been the highest cut at some visited state.
 * - `lml1`: limited-memory level-1: keep a cut if it was highest within the last
 *   `memory_window` iterations.
 * - `domination`: drop a cut that is below the best cut by more than `domination_epsilon`
 *   at every state visited in this check.
 */
import type { CutSelectionConfig } from "@cobre/core";
import type { CutPool } from "./cut-pool";
import type { StageTemplate } from "./lp/stage-template";

export function selectCuts(
  pools: readonly CutPool[],
  trialStates: readonly Float64Array[],
  templates: readonly StageTemplate[],
  config: CutSelectionConfig,
  iteration: number,
): number {
  if (!config.enabled || config.method === null) return 0;
  if (iteration < config.threshold) return 0;
  if (config.checkFrequency > 0 && iteration % config.checkFrequency !== 0) return 0;
  let removed = 0;
  for (let t = 0; t < pools.length; t++) {
    const pool = pools[t]!;
    const n = pool.size;
    if (n === 0) continue;
    const dim = templates[t]!.layout.stateDim;
    const states = trialStates[t]!;
    const numStates = dim === 0 ? 1 : states.length / dim;
    const nearBest = new Uint8Array(n);
    const tol = config.method === "domination" ? config.dominationEpsilon : config.cutActivityTolerance;
    for (let m = 0; m < numStates; m++) {
      const x = states.subarray(m * dim, (m + 1) * dim);
      let best = Number.NEGATIVE_INFINITY;
      for (let i = 0; i < n; i++) if (pool.active[i] === 1) best = Math.max(best, pool.valueAt(i, x));
      for (let i = 0; i < n; i++) {
        if (pool.active[i] !== 1) continue;
        if (pool.valueAt(i, x) >= best - tol * Math.max(1, Math.abs(best))) {
          nearBest[i] = 1;
          pool.activityCount[i] = pool.activityCount[i]! + 1;
          pool.lastActiveIteration[i] = iteration;
        }
      }
    }
    for (let i = 0; i < n; i++) {
      if (pool.active[i] !== 1 || pool.iterations[i] === iteration) continue;
      let drop = false;
      if (config.method === "level1") drop = pool.activityCount[i] === 0;
      else if (config.method === "lml1") drop = iteration - pool.lastActiveIteration[i]! > (config.memoryWindow ?? 10);
      else drop = nearBest[i] === 0;
      if (drop) {
        pool.active[i] = 0;
        removed++;
      }
    }
  }
  return removed;
}
