/**
 * The stochastic quantities the stage LPs need, in the engine's own terms. Built once
 * per training run from the case (see `build-scenario-inputs.ts`), then read-only.
 *
 * Inflow of hydro h at stage t: `a = base[t,h] + Σ_k ψ[t,h,k]·lag_k + noiseScale[t,h]·ε_h`.
 * Load of bus b at stage t, block k: `(meanMw[t,b] + stdMw[t,b]·ε_b) · factor[t,b,k]`.
 * Availability of a stochastic NCS n: `maxGen[n] · clamp(mean[t,n] + std[t,n]·ε_n, 0, 1) · factor[t,n,k]`.
 */
import type { PreparedCorrelation, SamplingMethod } from "@cobre/stochastic";
import type { LagTransition } from "../lp/lag-transitions";
import type { EngineWarning } from "../warnings";

export interface ScenarioInputs {
  readonly numStages: number;
  readonly numHydros: number;
  readonly numBuses: number;
  /**
   * Lag slots per hydro in the state (stride P of the lag arrays): the inflow lags (max
   * PAR order, or more where a coarser stage needs longer fine history), then the period
   * accumulator of multi-resolution studies when there is one (see lag-transitions.ts).
   */
  readonly lagOrder: number;
  /** How many of the `lagOrder` slots are inflow lags (the rest: the accumulator). */
  readonly inflowLagSlots: number;
  /** Per stage: how outgoing slots are formed; null = classic shift (lag 1 = a, lag k = lag k−1). */
  readonly lagTransitions: readonly (LagTransition | null)[];
  /** [t * H + h] */
  readonly inflowBase: Float64Array;
  /** [(t * H + h) * P + (k − 1)] */
  readonly inflowLagCoefficient: Float64Array;
  /** [t * H + h] */
  readonly inflowNoiseScale: Float64Array;
  /** Initial lags, lag-major: [(k − 1) * H + h] = inflow k stages before the study. */
  readonly initialLags: Float64Array;
  /** [t * B + b] */
  readonly loadMeanMw: Float64Array;
  readonly loadStdMw: Float64Array;
  /** Per stage, [b * numBlocks(t) + k]. */
  readonly loadFactors: readonly Float64Array[];
  /** Number of non-controllable sources (all of them, in system order). */
  readonly numNcs: number;
  /** Installed capacity per NCS (MW). */
  readonly ncsMaxGenMw: Float64Array;
  /** [t * N + n]: availability factor statistics (dimensionless). */
  readonly ncsMean: Float64Array;
  readonly ncsStd: Float64Array;
  /** Per stage, [n * numBlocks(t) + k]: NCS block factors (`non_controllable_factors.json`). */
  readonly ncsFactors: readonly Float64Array[];
  /** Noise dimension: hydros, then stochastic load buses, then stochastic NCS (the opening-tree order). */
  readonly noiseDim: number;
  /** Per bus: its slot in the noise vector, or −1 when its load is deterministic. */
  readonly loadNoiseSlot: Int32Array;
  /** Per NCS: its slot in the noise vector, or −1 when it has no statistics (availability fixed). */
  readonly ncsNoiseSlot: Int32Array;
  /** Backward-pass openings per stage: `openings[t]` is `[j * noiseDim + e]`. */
  readonly openings: readonly Float64Array[];
  readonly numOpenings: readonly number[];
  /** Spatial correlation of the noise (for out-of-sample draws); absent when independent. */
  readonly correlation?: PreparedCorrelation;
  /** Noise-vector slots: hydros start at 0, loads at `loadOffset`, NCS at `ncsOffset`. */
  readonly loadOffset: number;
  readonly ncsOffset: number;
  /** Per stage: `sampling_method` (also used for out-of-sample forward noise). */
  readonly samplingMethods: readonly SamplingMethod[];
  /** Per stage: its noise group (first stage id of the run of stages sharing noise). */
  readonly noiseGroupIds: readonly number[];
  /** What building these inputs noticed (estimation, correlation, clamped openings). */
  readonly warnings: readonly EngineWarning[];
}

/** The most openings of any stage (at least 1): what per-opening buffers are sized for. */
export function maxOpenings(inputs: Pick<ScenarioInputs, "numOpenings">): number {
  return Math.max(1, ...inputs.numOpenings);
}
