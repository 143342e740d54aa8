/**
 * The stochastic quantities the stage LPs need, in the engine's own terms. Built once
 * per training run from the case (see `build-scenario-inputs.ts`), then read-only.
 *
 * Inflow of hydro h at stage t: `a = base[t,h] + Σ_k ψ[t,h,k]·lag_k + noiseScale[t,h]·ε_h`.
 * Load of bus b at stage t, block k: `(meanMw[t,b] + stdMw[t,b]·ε_b) · factor[t,b,k]`.
 */
export interface ScenarioInputs {
  readonly numStages: number;
  readonly numHydros: number;
  readonly numBuses: number;
  /** Uniform lag stride P (max PAR order). */
  readonly lagOrder: number;
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
  /** Noise dimension: hydros first, then stochastic load buses (the opening-tree order). */
  readonly noiseDim: number;
  /** Per bus: its slot in the noise vector, or −1 when its load is deterministic. */
  readonly loadNoiseSlot: Int32Array;
  /** Backward-pass openings per stage: `openings[t]` is `[j * noiseDim + e]`. */
  readonly openings: readonly Float64Array[];
  readonly numOpenings: readonly number[];
}
