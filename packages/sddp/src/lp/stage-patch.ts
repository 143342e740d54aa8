/**
 * The patch step of a stage solve: the stage LP is built once, and each solve only moves
 * bounds — the incoming state fixes the state-in columns, the noise sets the right-hand
 * sides of the inflow and load rows, and stochastic non-controllable sources get their
 * available MW as column upper bounds. The buffers are preallocated: no allocation per solve.
 */
import type { LpModel } from "@cobre/solver";
import type { ScenarioInputs } from "../scenario/scenario-inputs";
import type { StageTemplate } from "./stage-template";

/** Values an external scenario imposes on a stage (NaN entries are not imposed). */
export interface FixedRealization {
  /** Per hydro (canonical order), m³/s. */
  readonly inflowM3s?: Float64Array | null;
  /** Per bus (canonical order), MW before block factors. */
  readonly loadMw?: Float64Array | null;
  /** Per NCS (system order), availability factor before clamping to [0, 1]; NaN = not given. */
  readonly ncsAvailability?: Float64Array | null;
}

export class StagePatch {
  /** Load of each bus (MW, before block factors) in the last patch. */
  readonly lastLoadMw: Float64Array;
  /**
   * Available MW of each NCS column of the last patch, `[ncs * numBlocks + block]`; NaN
   * where the template's bound applies (deterministic sources).
   */
  readonly lastNcsAvailableMw: Float64Array;
  private readonly scratchIdx: Int32Array;
  private readonly scratchLo: Float64Array;
  private readonly scratchUp: Float64Array;
  private readonly ncsIdx: Int32Array;
  private readonly ncsLo: Float64Array;
  private readonly ncsUp: Float64Array;

  constructor(
    templates: readonly StageTemplate[],
    private readonly inputs: ScenarioInputs,
    /** `modeling.inflow_non_negativity.method`: the truncation methods clip the inflow at zero here. */
    private readonly inflowNonNegativity: string,
  ) {
    const maxDim = Math.max(1, ...templates.map((t) => t.layout.stateDim), inputs.noiseDim);
    const maxRows = Math.max(1, ...templates.map((t) => t.layout.numTemplateRows));
    this.scratchIdx = new Int32Array(Math.max(maxDim, maxRows));
    this.scratchLo = new Float64Array(Math.max(maxDim, maxRows));
    this.scratchUp = new Float64Array(Math.max(maxDim, maxRows));
    this.lastLoadMw = new Float64Array(Math.max(1, inputs.numBuses));
    const maxNcsCols = Math.max(1, ...templates.map((t) => t.layout.ncsCols.length));
    this.lastNcsAvailableMw = new Float64Array(maxNcsCols);
    this.ncsIdx = new Int32Array(maxNcsCols);
    this.ncsLo = new Float64Array(maxNcsCols);
    this.ncsUp = new Float64Array(maxNcsCols);
  }

  /**
   * Sets the bounds of stage `t`'s `model` for incoming state `stateIn` under noise vector
   * `noise` (`inputs.noiseDim` values), with what `fixed` imposes taking precedence.
   */
  apply(
    model: LpModel,
    t: number,
    layout: StageTemplate["layout"],
    stateIn: ArrayLike<number>,
    noise: ArrayLike<number>,
    fixed?: FixedRealization | null,
  ): void {
    const inputs = this.inputs;
    const H = layout.numHydros;
    const P = layout.lagOrder;
    const dim = layout.stateDim;
    // Fix the incoming state.
    for (let s = 0; s < dim; s++) {
      this.scratchIdx[s] = layout.stateInCols[s]!;
      this.scratchLo[s] = stateIn[s]!;
      this.scratchUp[s] = stateIn[s]!;
    }
    model.setColBounds(
      this.scratchIdx.subarray(0, dim),
      this.scratchLo.subarray(0, dim),
      this.scratchUp.subarray(0, dim),
    );
    // Inflow rows: a − Σψ·lag = base + scale·ε (truncated at zero inflow when asked).
    const truncate =
      this.inflowNonNegativity === "truncation" || this.inflowNonNegativity === "truncation_with_penalty";
    let r = 0;
    for (let h = 0; h < H; h++) {
      const th = t * H + h;
      let rhs = inputs.inflowBase[th]! + inputs.inflowNoiseScale[th]! * noise[h]!;
      const given = fixed?.inflowM3s?.[h];
      if (given !== undefined && !Number.isNaN(given)) {
        // An external scenario fixes the inflow itself: a = value whatever the lags.
        let lagPart = 0;
        for (let k = 1; k <= P; k++) lagPart += inputs.inflowLagCoefficient[th * P + k - 1]! * stateIn[k * H + h]!;
        rhs = given - lagPart;
      } else if (truncate) {
        let lagPart = 0;
        for (let k = 1; k <= P; k++) lagPart += inputs.inflowLagCoefficient[th * P + k - 1]! * stateIn[k * H + h]!;
        if (rhs + lagPart < 0) rhs = -lagPart;
      }
      this.scratchIdx[r] = layout.inflowRows[h]!;
      this.scratchLo[r] = rhs;
      this.scratchUp[r] = rhs;
      r++;
    }
    // Load rows.
    const B = layout.numBuses;
    const K = layout.numBlocks;
    const factors = inputs.loadFactors[t]!;
    for (let b = 0; b < B; b++) {
      const tb = t * inputs.numBuses + b;
      const slot = inputs.loadNoiseSlot[b]!;
      const eps = slot >= 0 ? noise[slot]! : 0;
      const givenLoad = fixed?.loadMw?.[b];
      const mw =
        givenLoad !== undefined && !Number.isNaN(givenLoad)
          ? givenLoad
          : Math.max(0, inputs.loadMeanMw[tb]! + inputs.loadStdMw[tb]! * eps);
      this.lastLoadMw[b] = mw;
      for (let k = 0; k < K; k++) {
        const load = mw * factors[b * K + k]!;
        this.scratchIdx[r] = layout.loadRows[b * K + k]!;
        this.scratchLo[r] = load;
        this.scratchUp[r] = load;
        r++;
      }
    }
    model.setRowBounds(this.scratchIdx.subarray(0, r), this.scratchLo.subarray(0, r), this.scratchUp.subarray(0, r));
    // Stochastic NCS: availability max_gen · clamp(mean + std·ε, 0, 1) · block factor.
    const N = inputs.numNcs;
    let c = 0;
    if (N > 0) {
      this.lastNcsAvailableMw.fill(Number.NaN);
      const ncsFactors = inputs.ncsFactors[t]!;
      for (let n = 0; n < N; n++) {
        const slot = inputs.ncsNoiseSlot[n]!;
        if (slot < 0) continue;
        const tn = t * N + n;
        const given = fixed?.ncsAvailability?.[n];
        const factor =
          given !== undefined && !Number.isNaN(given) ? given : inputs.ncsMean[tn]! + inputs.ncsStd[tn]! * noise[slot]!;
        const level = Math.min(1, Math.max(0, factor));
        const mw = inputs.ncsMaxGenMw[n]! * level;
        for (let k = 0; k < K; k++) {
          const col = layout.ncsCols[n * K + k]!;
          if (col < 0) continue;
          this.ncsIdx[c] = col;
          this.ncsLo[c] = 0;
          this.ncsUp[c] = mw * ncsFactors[n * K + k]!;
          this.lastNcsAvailableMw[n * K + k] = this.ncsUp[c]!;
          c++;
        }
      }
    }
    if (c > 0) model.setColBounds(this.ncsIdx.subarray(0, c), this.ncsLo.subarray(0, c), this.ncsUp.subarray(0, c));
  }
}
