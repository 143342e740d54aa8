/**
 * Cut management (`training.cut_selection`), run by the coordinator after each backward
 * pass, in the two steps of the Cobre book:
 *
 * 1. Selection by strategy, at iterations that are multiples of `check_frequency`. A
 *    cut's activity is its LP row being binding in the forward and backward solves of
 *    its stage (recorded by the workers, see `StageSolvers`):
 *    - `level1`: deactivates cuts binding in at most `threshold` solves so far;
 *    - `lml1`: deactivates cuts not binding within the last `memory_window` iterations
 *      (`threshold` when no window is given);
 *    - `domination`: deactivates cuts that no solve bound since the previous check and
 *      that lie more than `domination_epsilon` (relative) below the best cut at every
 *      visited forward-pass trial state.
 *    Stage 0 is exempt (as in Cobre): its pool is never judged by a backward pass.
 * 2. The budget `max_active_per_stage`, every iteration: a stage with more active cuts
 *    evicts the least recently binding first (then the least often binding, then the
 *    oldest by pool index). This iteration's cuts are not evicted, so a budget below the
 *    number of forward passes leaves a stage with one iteration's cuts.
 *
 * Cuts generated in the current iteration are never touched, and a deactivated cut never
 * returns; its row leaves the stage LPs (`StageSolvers` rebuilds them). Everything here
 * reads integer counters and the pools, so the outcome is the same whatever the number
 * of workers that produced them.
 */
import type { CutSelectionConfig } from "@cobre/core";
import type { CutSelectionRecord } from "@cobre/io";
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

/** What cut management does in a run. */
export interface SelectionPlan {
  /** Step 1 (a strategy) is configured. */
  readonly selects: boolean;
  /** Step 2: the per-stage cap on active cuts, or null. */
  readonly budget: number | null;
  /** Workers must record binding rows (either step is on). */
  readonly tracksActivity: boolean;
}

/** The plan of a `cut_selection` block: everything off unless `enabled`. */
export function selectionPlan(config: CutSelectionConfig): SelectionPlan {
  const selects = config.enabled && config.method !== null;
  const budget = config.enabled && config.maxActivePerStage !== null ? Math.max(0, config.maxActivePerStage) : null;
  return { selects, budget, tracksActivity: selects || budget !== null };
}

export interface SelectionOutcome {
  /** Cuts deactivated by both steps, all stages. */
  readonly removed: number;
  /** One record per judged stage when either step ran this iteration; empty otherwise. */
  readonly records: CutSelectionRecord[];
}

const NOTHING: SelectionOutcome = { removed: 0, records: [] };

/**
 * Runs cut management for `iteration` over `pools` (the stages whose cuts may be
 * selected: every stage but the last, whose pool holds only boundary cuts).
 * `visited[t]` holds the forward-pass trial states of stage t (used by `domination`).
 */
export function selectCuts(
  pools: readonly CutPool[],
  visited: readonly VisitedStates[],
  config: CutSelectionConfig,
  iteration: number,
): SelectionOutcome {
  const plan = selectionPlan(config);
  const strategyRuns = plan.selects && iteration % Math.max(1, config.checkFrequency) === 0;
  if (!strategyRuns && plan.budget === null) return NOTHING;
  const records: CutSelectionRecord[] = [];
  let removed = 0;
  let scratch = new Int32Array(64);
  pools.forEach((pool, t) => {
    const started = performance.now();
    const n = pool.size;
    if (scratch.length < n) scratch = new Int32Array(Math.max(n, 2 * scratch.length));
    const before = pool.activeCount;
    let deactivated = 0;
    if (strategyRuns && t > 0) {
      deactivated = strategyCandidates(pool, visited[t], config, iteration, scratch);
      pool.deactivate(scratch, deactivated);
    }
    const afterStrategy = before - deactivated;
    let evicted: number | null = null;
    if (plan.budget !== null) {
      evicted = budgetCandidates(pool, plan.budget, afterStrategy, iteration, scratch);
      pool.deactivate(scratch, evicted);
    }
    removed += deactivated + (evicted ?? 0);
    records.push({
      iteration,
      stage: t,
      cutsPopulated: n,
      cutsActiveBefore: before,
      cutsDeactivated: deactivated,
      cutsActiveAfter: afterStrategy,
      selectionTimeMs: performance.now() - started,
      budgetEvicted: evicted,
      activeAfterBudget: evicted === null ? null : afterStrategy - evicted,
    });
  });
  return { removed, records };
}

/** Writes the cuts step 1 deactivates into `out` and returns how many. */
function strategyCandidates(
  pool: CutPool,
  visited: VisitedStates | undefined,
  config: CutSelectionConfig,
  iteration: number,
  out: Int32Array,
): number {
  const n = pool.size;
  let count = 0;
  // Only cuts generated before this iteration are judged.
  const judged = (i: number) => pool.active[i] === 1 && pool.iterations[i]! < iteration;
  switch (config.method) {
    case "level1":
      for (let i = 0; i < n; i++) if (judged(i) && pool.activityCount[i]! <= config.threshold) out[count++] = i;
      return count;
    case "lml1": {
      const window = config.memoryWindow ?? config.threshold;
      for (let i = 0; i < n; i++) if (judged(i) && iteration - pool.lastActiveIteration[i]! > window) out[count++] = i;
      return count;
    }
    case "domination": {
      if (visited === undefined || visited.size === 0) return 0;
      // A cut some solve bound since the previous check is the support of the future cost
      // there: never dominated, whatever the trial states say.
      const since = iteration - Math.max(1, config.checkFrequency);
      const candidate = new Uint8Array(n);
      for (let i = 0; i < n; i++) if (judged(i) && pool.lastActiveIteration[i]! <= since) candidate[i] = 1;
      for (let k = 0; k < visited.size; k++) {
        const x = visited.state(k);
        let best = Number.NEGATIVE_INFINITY;
        for (let i = 0; i < n; i++) if (pool.active[i] === 1) best = Math.max(best, pool.valueAt(i, x));
        const cutoff = best - config.dominationEpsilon * Math.max(1, Math.abs(best));
        for (let i = 0; i < n; i++) if (candidate[i] === 1 && pool.valueAt(i, x) >= cutoff) candidate[i] = 0;
      }
      for (let i = 0; i < n; i++) if (candidate[i] === 1) out[count++] = i;
      return count;
    }
    default:
      return 0;
  }
}

/**
 * Writes the cuts step 2 evicts into `out` and returns how many: the excess over
 * `budget`, least recently binding first, then least often binding, then lowest index.
 */
function budgetCandidates(pool: CutPool, budget: number, active: number, iteration: number, out: Int32Array): number {
  if (active <= budget) return 0;
  const candidates: number[] = [];
  for (let i = 0; i < pool.size; i++) if (pool.active[i] === 1 && pool.iterations[i]! < iteration) candidates.push(i);
  candidates.sort(
    (a, b) =>
      pool.lastActiveIteration[a]! - pool.lastActiveIteration[b]! ||
      pool.activityCount[a]! - pool.activityCount[b]! ||
      a - b,
  );
  const count = Math.min(active - budget, candidates.length);
  for (let k = 0; k < count; k++) out[k] = candidates[k]!;
  return count;
}
