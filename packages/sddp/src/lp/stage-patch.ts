/**
 * The patch step of a stage solve: the stage LP is built once, and each solve only moves
 * bounds — the incoming state fixes the state-in columns and the PAR inflow rows
 * (`patchIncomingState`, `patchInflowRows` in stage-template.ts), the noise sets the
 * load rows (`patchLoadRows`, network.ts) and stochastic non-controllable sources get
 * their available MW as column upper bounds (`patchNcsBounds`, non-controllable.ts). The
 * buffers are preallocated: no allocation per solve.
 */
import type { LpModel } from "@cobre/solver";
import type { ScenarioInputs } from "../scenario/scenario-inputs";
import { patchLoadRows } from "./network";
import { patchNcsBounds } from "./non-controllable";
import { type StageTemplate, patchIncomingState, patchInflowRows } from "./stage-template";

/** Bound changes gathered for one bulk call: entry k sets `index[k]` to [`lower[k]`, `upper[k]`]. */
export interface BoundScratch {
  readonly index: Int32Array;
  readonly lower: Float64Array;
  readonly upper: Float64Array;
}

function boundScratch(n: number): BoundScratch {
  return { index: new Int32Array(n), lower: new Float64Array(n), upper: new Float64Array(n) };
}

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
  /** Scratch of the state columns, then of the inflow and load rows. */
  private readonly bounds: BoundScratch;
  /** Scratch of the NCS columns. */
  private readonly ncsBounds: BoundScratch;
  /** The truncation methods of `inflow_non_negativity` clip the inflow at zero here. */
  private readonly truncateInflow: boolean;

  constructor(
    templates: readonly StageTemplate[],
    private readonly inputs: ScenarioInputs,
    /** `modeling.inflow_non_negativity.method`. */
    inflowNonNegativity: string,
  ) {
    const maxDim = Math.max(1, ...templates.map((t) => t.layout.stateDim), inputs.noiseDim);
    const maxRows = Math.max(1, ...templates.map((t) => t.layout.numTemplateRows));
    this.bounds = boundScratch(Math.max(maxDim, maxRows));
    this.lastLoadMw = new Float64Array(Math.max(1, inputs.numBuses));
    const maxNcsCols = Math.max(1, ...templates.map((t) => t.layout.ncsCols.length));
    this.lastNcsAvailableMw = new Float64Array(maxNcsCols);
    this.ncsBounds = boundScratch(maxNcsCols);
    this.truncateInflow = inflowNonNegativity === "truncation" || inflowNonNegativity === "truncation_with_penalty";
  }

  /**
   * Sets the bounds of stage `t`'s `model` for incoming state `stateIn` under noise vector
   * `noise` (`inputs.noiseDim` values), with what `fixed` imposes taking precedence. Each
   * feature's patch lives beside its builder; this gathers them into three bulk calls.
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
    const bounds = this.bounds;
    const dim = patchIncomingState(layout, stateIn, bounds);
    // The scratch buffers go whole, with a count: subarrays would allocate three views per call.
    model.setColBounds(bounds.index, bounds.lower, bounds.upper, dim);
    let r = patchInflowRows(layout, inputs, t, stateIn, noise, fixed?.inflowM3s, this.truncateInflow, bounds, 0);
    r = patchLoadRows(layout, inputs, t, noise, fixed?.loadMw, this.lastLoadMw, bounds, r);
    model.setRowBounds(bounds.index, bounds.lower, bounds.upper, r);
    const ncs = this.ncsBounds;
    const c = patchNcsBounds(layout, inputs, t, noise, fixed?.ncsAvailability, this.lastNcsAvailableMw, ncs);
    if (c > 0) model.setColBounds(ncs.index, ncs.lower, ncs.upper, c);
  }
}
