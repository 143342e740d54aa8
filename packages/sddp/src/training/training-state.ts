/**
 * The state the coordinator and the workers share during training: the cut pools, the
 * trial states of the forward pass, the sampled costs and the cuts computed by the
 * backward pass. Backed by `SharedArrayBuffer`s when workers run in other threads;
 * every result has a fixed slot (by scenario), so the merge order never depends on
 * which worker finished first.
 */
import { CutPool, type CutPoolBuffers } from "../cuts/cut-pool";
import { BasisStore, type BasisStoreBuffers } from "../lp/basis-store";
import type { OpeningResults } from "./backward-pass";

/** What the basis store needs to know of a stage LP: its columns and template rows. */
export interface StageLpSize {
  readonly numCols: number;
  readonly numTemplateRows: number;
}

export interface TrainingStateBuffers {
  readonly forwardPasses: number;
  readonly stateDims: readonly number[];
  readonly pools: readonly CutPoolBuffers[];
  readonly trialStates: readonly ArrayBufferLike[];
  readonly costs: ArrayBufferLike;
  readonly cutIntercepts: ArrayBufferLike;
  readonly cutCoefficients: ArrayBufferLike;
  /** Per-opening backward results of an iteration pass (see `OpeningResults`): openings per row. */
  readonly maxOpenings: number;
  readonly openingValues: ArrayBufferLike;
  readonly openingGradients: ArrayBufferLike;
  readonly bases: BasisStoreBuffers;
}

function alloc(bytes: number, shared: boolean): ArrayBufferLike {
  return shared ? new SharedArrayBuffer(Math.max(8, bytes)) : new ArrayBuffer(Math.max(8, bytes));
}

export class TrainingState {
  readonly pools: CutPool[];
  /** `trialStates[t][m * dim + s]`: outgoing state of stage t on forward scenario m. */
  readonly trialStates: Float64Array[];
  /** Present-value cost of each forward scenario. */
  readonly costs: Float64Array;
  /** Backward-pass output, one cut per trial point: intercept and coefficients. */
  readonly cutIntercepts: Float64Array;
  readonly cutCoefficients: Float64Array;
  /**
   * Per-opening results of the backward pass, a row per trial point, where the threads
   * of an iteration pass leave the runs they solved for the barrier's last arrival to
   * aggregate into cuts (`WorkerCore.iterationPass`).
   */
  readonly openingResults: OpeningResults;
  /** Warm-start bases per (stage, forward slot) and the policy's basis per stage. */
  readonly bases: BasisStore;

  private constructor(readonly buffers: TrainingStateBuffers) {
    this.pools = buffers.pools.map((b) => new CutPool(b.stateDim, b.capacity, { buffers: b }));
    this.trialStates = buffers.trialStates.map((b) => new Float64Array(b));
    this.costs = new Float64Array(buffers.costs);
    this.cutIntercepts = new Float64Array(buffers.cutIntercepts);
    this.cutCoefficients = new Float64Array(buffers.cutCoefficients);
    this.openingResults = {
      maxOpenings: buffers.maxOpenings,
      maxDim: Math.max(1, ...buffers.stateDims),
      values: new Float64Array(buffers.openingValues),
      gradients: new Float64Array(buffers.openingGradients),
    };
    this.bases = BasisStore.fromBuffers(buffers.bases);
  }

  get forwardPasses(): number {
    return this.buffers.forwardPasses;
  }

  /**
   * Allocates the state for `forwardPasses` scenarios and pools able to hold
   * `cutCapacity` cuts per stage (shared memory cannot grow, so this is the run's total),
   * with a basis store for LPs of the sizes given (one per stage) and room for the
   * backward pass's results of up to `maxOpenings` openings per stage.
   */
  static create(
    stateDims: readonly number[],
    forwardPasses: number,
    cutCapacity: number,
    shared: boolean,
    lpSizes: readonly StageLpSize[],
    maxOpenings: number,
  ): TrainingState {
    const M = forwardPasses;
    const maxDim = Math.max(1, ...stateDims);
    const pools = stateDims.map((d) => new CutPool(d, cutCapacity, { shared }).buffers());
    return new TrainingState({
      forwardPasses: M,
      stateDims,
      pools,
      trialStates: stateDims.map((d) => alloc(M * d * 8, shared)),
      costs: alloc(M * 8, shared),
      cutIntercepts: alloc(M * 8, shared),
      cutCoefficients: alloc(M * maxDim * 8, shared),
      maxOpenings,
      openingValues: alloc(M * maxOpenings * 8, shared),
      openingGradients: alloc(M * maxOpenings * maxDim * 8, shared),
      bases: BasisStore.create(
        lpSizes.map((s) => ({ numCols: s.numCols, numTemplateRows: s.numTemplateRows, maxCuts: cutCapacity })),
        M,
        shared,
      ).buffers,
    });
  }

  /** A view over buffers created elsewhere (a worker's view of the coordinator's state). */
  static fromBuffers(buffers: TrainingStateBuffers): TrainingState {
    return new TrainingState(buffers);
  }

  /**
   * Appends the backward pass's cuts at stage `t` — one per trial point, in trial-point
   * order, from the output slots — to the pool of stage t − 1 (`dim`: its state
   * dimension). The coordinator calls it after each stage, or the last worker thread to
   * finish the stage in a fused pass: the same cuts in the same order either way. With
   * them, the policy's next basis of stage t moves from the staging slot, where the
   * stage's backward solves left it, to the policy slot (see `BasisStore.stagingSlot`).
   */
  appendCuts(t: number, dim: number, iteration: number): void {
    const pool = this.pools[t - 1]!;
    for (let m = 0; m < this.forwardPasses; m++) {
      pool.add(this.cutIntercepts[m]!, this.cutCoefficients.subarray(m * dim, (m + 1) * dim), iteration, m);
    }
    this.bases.copySlot(t, this.bases.stagingSlot, this.bases.policySlot);
  }

  /** Current number of cuts of every pool, sent with each task. */
  cutCounts(): number[] {
    return this.pools.map((p) => p.size);
  }

  /** Makes a worker's view agree with the coordinator's cut counts. */
  syncCounts(counts: readonly number[]): void {
    counts.forEach((n, t) => {
      this.pools[t]?.setSize(n);
    });
  }
}
