/**
 * Cut selection (`training.cut_selection`): deactivates cuts that do not shape the
 * future-cost function where the policy actually goes. Every forward pass adds its trial
 * states to the visited set; on the configured schedule every visited state is evaluated
 * against every cut and:
 *
 * - `level1`: a cut survives if it is the highest (within `cut_activity_tolerance`) at
 *   some visited state — judged against the current cut set, so a cut that newer cuts
 *   dominate everywhere the policy went is dropped;
 * - `lml1`: limited-memory level 1 — only states visited in the last `memory_window`
 *   iterations count;
 * - `domination`: a cut is dropped when it lies more than `domination_epsilon` below the
 *   best cut at every visited state.
 *
 * Deactivated cuts keep their rows (with a −∞ bound), so row indices stay stable, and
 * they stay deactivated (a cut never returns).
 */
import type { CutSelectionConfig } from "@cobre/core";
import type { CutPool } from "./cut-pool";

/** Trial states of one stage seen so far, with the iteration that visited each. */
export class VisitedStates {
  private data: Float64Array;
  private tags: Int32Array;
  private count = 0;

  constructor(readonly dim: number) {
    this.data = new Float64Array(64 * Math.max(1, dim));
    this.tags = new Int32Array(64);
  }

  get size(): number {
    return this.count;
  }

  add(states: Float64Array, iteration: number): void {
    const n = this.dim === 0 ? 1 : states.length / this.dim;
    for (let m = 0; m < n; m++) {
      if (this.count === this.tags.length) {
        const d = new Float64Array(this.data.length * 2);
        d.set(this.data);
        this.data = d;
        const t = new Int32Array(this.tags.length * 2);
        t.set(this.tags);
        this.tags = t;
      }
      this.data.set(states.subarray(m * this.dim, (m + 1) * this.dim), this.count * this.dim);
      this.tags[this.count++] = iteration;
    }
  }

  state(k: number): Float64Array {
    return this.data.subarray(k * this.dim, (k + 1) * this.dim);
  }

  iteration(k: number): number {
    return this.tags[k]!;
  }

  /** Plain arrays for a checkpoint. */
  toJSON(): { iterations: number[]; states: number[] } {
    return {
      iterations: Array.from(this.tags.subarray(0, this.count)),
      states: Array.from(this.data.subarray(0, this.count * this.dim)),
    };
  }

  static fromJSON(dim: number, j: { iterations: number[]; states: number[] }): VisitedStates {
    const v = new VisitedStates(dim);
    j.iterations.forEach((it, k) => {
      v.add(Float64Array.from(j.states.slice(k * dim, (k + 1) * dim)), it);
    });
    return v;
  }
}

/**
 * Records this iteration's trial states and, when the schedule says so, deactivates
 * cuts. Returns the number of cuts deactivated.
 */
export function selectCuts(
  pools: readonly CutPool[],
  trialStates: readonly Float64Array[],
  visited: readonly VisitedStates[],
  config: CutSelectionConfig,
  iteration: number,
  /** The caller already added this iteration's trial states to `visited`. */
  recorded = false,
): number {
  if (!config.enabled || config.method === null) return 0;
  if (!recorded) {
    pools.forEach((_, t) => {
      visited[t]!.add(trialStates[t]!, iteration);
    });
  }
  if (iteration < config.threshold) return 0;
  if (config.checkFrequency > 0 && iteration % config.checkFrequency !== 0) return 0;
  const tolerance = config.method === "domination" ? config.dominationEpsilon : config.cutActivityTolerance;
  const oldest = config.method === "lml1" ? iteration - (config.memoryWindow ?? 10) : Number.NEGATIVE_INFINITY;
  let removed = 0;
  pools.forEach((pool, t) => {
    const n = pool.size;
    if (n === 0) return;
    const keep = new Uint8Array(n);
    const v = visited[t]!;
    for (let k = 0; k < v.size; k++) {
      if (v.iteration(k) < oldest) continue;
      const x = v.state(k);
      let best = Number.NEGATIVE_INFINITY;
      for (let i = 0; i < n; i++) if (pool.active[i] === 1) best = Math.max(best, pool.valueAt(i, x));
      const threshold = best - tolerance * Math.max(1, Math.abs(best));
      for (let i = 0; i < n; i++) {
        if (pool.active[i] === 1 && pool.valueAt(i, x) >= threshold) {
          keep[i] = 1;
          pool.activityCount[i] = pool.activityCount[i]! + 1;
          pool.lastActiveIteration[i] = Math.max(pool.lastActiveIteration[i]!, v.iteration(k));
        }
      }
    }
    for (let i = 0; i < n; i++) {
      // Cuts of this iteration have not been judged by a forward pass yet.
      if (pool.active[i] === 1 && keep[i] === 0 && pool.iterations[i] !== iteration) {
        pool.active[i] = 0;
        removed++;
      }
    }
  });
  return removed;
}
