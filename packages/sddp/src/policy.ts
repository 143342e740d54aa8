/**
 * `Policy`: a trained future-cost approximation — one cut pool per stage — that can be
 * written as a FlatBuffers checkpoint, loaded back bit for bit, inspected, evaluated and
 * simulated without retraining.
 */
import { type Result, ok } from "@cobre/core";
import {
  type PolicyCheckpoint,
  type PolicyError,
  type PolicyMetadata,
  type StageBasisData,
  readPolicy,
  encodeStageCuts,
} from "@cobre/io";
import { CutPool } from "./cuts/cut-pool";

export interface PolicySummary {
  readonly stages: number;
  readonly stateDimension: number;
  readonly totalCuts: number;
  readonly cutsPerStage: readonly number[];
  readonly activeCuts: number;
}

export interface StageCutsView {
  readonly intercepts: Float64Array;
  /** Row-major n_cuts × n_states. */
  readonly coefficients: Float64Array;
  readonly active: Uint8Array;
}

export class Policy {
  private constructor(
    readonly pools: readonly CutPool[],
    readonly metadata: PolicyMetadata | null,
    /** Simplex basis per stage that simulations start from (`policy/basis/`); may be empty. */
    readonly bases: readonly StageBasisData[],
  ) {}

  /** Wraps the cut pools (and bases) of a training outcome. */
  static fromPools(pools: readonly CutPool[], bases: readonly StageBasisData[] = []): Policy {
    return new Policy(pools, null, bases);
  }

  /** Builds a policy from a checkpoint read with `readPolicy`. */
  static fromCheckpoint(checkpoint: PolicyCheckpoint): Policy {
    const pools = checkpoint.stages.map((s) => {
      const n = s.cuts.intercepts.length;
      const pool = new CutPool(s.stateDimension, Math.max(1, n));
      for (let i = 0; i < n; i++) {
        pool.add(
          s.cuts.intercepts[i]!,
          s.cuts.coefficients.subarray(i * s.stateDimension, (i + 1) * s.stateDimension),
          s.cuts.iterations[i]!,
          s.cuts.forwardPasses[i]!,
          s.cuts.active[i] === 1,
        );
      }
      return pool;
    });
    return new Policy(pools, checkpoint.metadata, checkpoint.bases);
  }

  /**
   * Loads `<dir>/policy/` (or `dir` itself when it is the policy directory).
   *
   * @example
   * ```ts
   * const policy = await Policy.load("output");
   * if (policy.ok) console.log(policy.value.summary().totalCuts);
   * ```
   */
  static async load(dir: string): Promise<Result<Policy, PolicyError>> {
    const read = await readPolicy(dir);
    if (!read.ok) return read;
    return ok(Policy.fromCheckpoint(read.value));
  }

  summary(): PolicySummary {
    const cutsPerStage = this.pools.map((p) => p.size);
    return {
      stages: this.pools.length,
      stateDimension: this.pools[0]?.stateDim ?? 0,
      totalCuts: cutsPerStage.reduce((a, b) => a + b, 0),
      cutsPerStage,
      activeCuts: this.pools.reduce((a, p) => a + p.activeCount, 0),
    };
  }

  /** Copies of the cuts of `stage` (future cost after that stage). */
  cuts(stage: number): StageCutsView {
    const p = this.pool(stage);
    return {
      intercepts: p.intercepts.slice(0, p.size),
      coefficients: p.coefficients.slice(0, p.size * p.stateDim),
      active: p.active.slice(0, p.size),
    };
  }

  /** The future-cost approximation after `stage` at `state`: max over active cuts (−∞ if none). */
  evaluate(stage: number, state: ArrayLike<number>): number {
    const p = this.pool(stage);
    if (state.length !== p.stateDim) throw new RangeError(`state has ${state.length} values, expected ${p.stateDim}`);
    return p.evaluate(state);
  }

  /** The FlatBuffers bytes of `stage`'s cuts, as `policy/cuts/stage_NNN.bin` holds them. */
  rawBytes(stage: number): Result<Uint8Array, PolicyError> {
    const p = this.pool(stage);
    const n = p.size;
    return encodeStageCuts({
      stageIndex: stage,
      stateDimension: p.stateDim,
      cuts: {
        intercepts: p.intercepts.subarray(0, n),
        coefficients: p.coefficients.subarray(0, n * p.stateDim),
        active: p.active.subarray(0, n),
        iterations: p.iterations.subarray(0, n),
        forwardPasses: p.forwardPasses.subarray(0, n),
      },
    });
  }

  private pool(stage: number): CutPool {
    const p = this.pools[stage];
    if (p === undefined) throw new RangeError(`no stage ${stage}: the policy has ${this.pools.length}`);
    return p;
  }
}
