/**
 * One persistent LP per stage, owned by one worker. State and noise enter as bound
 * patches; cuts from the shared pools are appended as rows on demand; HiGHS keeps the
 * last basis, so consecutive solves warm-start. No allocation per solve.
 */
import type { LpModel, SolverBackend } from "@cobre/solver";
import type { CutPool } from "../cuts/cut-pool";
import type { StageTemplate } from "./stage-template";
import type { ScenarioInputs } from "../scenario/scenario-inputs";
import { SddpSolveError, type SolveSite } from "../errors";

const NEG_INF = Number.NEGATIVE_INFINITY;

/**
 * The LPs hold costs divided by this factor (θ, already in scaled units, keeps its
 * discount coefficient): stage objectives and cut intercepts reach 1e9–1e12 $ on real
 * systems, which HiGHS' tolerances handle badly. Everything outside the LP — results,
 * cut pools, policy files — is in real money.
 */
export const COST_SCALE = 1000;

/** Values an external scenario imposes on a stage (NaN entries are not imposed). */
export interface FixedRealization {
  /** Per hydro (canonical order), m³/s. */
  readonly inflowM3s?: Float64Array | null;
  /** Per bus (canonical order), MW before block factors. */
  readonly loadMw?: Float64Array | null;
  /** Per NCS (system order), availability factor before clamping to [0, 1]; NaN = not given. */
  readonly ncsAvailability?: Float64Array | null;
}

export interface StageSolveResult {
  /** Stage objective including the discounted future cost θ. */
  objective: number;
  /** Objective without θ: the stage's own cost (undiscounted to present). */
  immediateCost: number;
  theta: number;
}

export class StageSolvers {
  private readonly models: LpModel[];
  private readonly appliedCuts: number[];
  private readonly appliedActive: Uint8Array[];
  private readonly scratchIdx: Int32Array;
  private readonly scratchLo: Float64Array;
  private readonly scratchUp: Float64Array;
  private readonly lagScratch: Float64Array;
  private readonly ncsIdx: Int32Array;
  private readonly ncsLo: Float64Array;
  private readonly ncsUp: Float64Array;
  readonly result: StageSolveResult = { objective: 0, immediateCost: 0, theta: 0 };
  /** Load of each bus (MW, before block factors) in the last solve. */
  readonly lastLoadMw: Float64Array;
  /**
   * Available MW of each NCS column of the last solve, `[ncs * numBlocks + block]`; NaN
   * where the template's bound applies (deterministic sources).
   */
  readonly lastNcsAvailableMw: Float64Array;
  /** Total LP solves and simplex iterations, for statistics. */
  solves = 0;
  simplexIterations = 0;
  solveTimeMs = 0;

  constructor(
    backend: SolverBackend,
    readonly templates: readonly StageTemplate[],
    readonly inputs: ScenarioInputs,
    readonly pools: readonly CutPool[],
    readonly inflowNonNegativity: string,
  ) {
    this.models = templates.map((t) =>
      backend.createModel({
        numCols: t.lp.numCols,
        numRows: t.lp.numRows,
        colCost: scaledCosts(t.lp.colCost, t.layout.thetaCol),
        colLower: t.lp.colLower,
        colUpper: t.lp.colUpper,
        rowLower: t.lp.rowLower,
        rowUpper: t.lp.rowUpper,
        matrix: { format: "csc", start: t.lp.start, index: t.lp.index, value: t.lp.value },
      }),
    );
    // HiGHS fixes a model's scaling at its first solve and scales rows added later with
    // it. Solving every template once before any cut row exists makes that scaling a
    // function of the template alone, so a model rebuilt from a checkpoint (cuts added
    // before its first solve) behaves exactly like the model that grew them.
    for (const m of this.models) m.solve();
    this.appliedCuts = templates.map(() => 0);
    this.appliedActive = templates.map(() => new Uint8Array(0));
    const maxDim = Math.max(1, ...templates.map((t) => t.layout.stateDim), inputs.noiseDim);
    const maxRows = Math.max(1, ...templates.map((t) => t.layout.numTemplateRows));
    this.scratchIdx = new Int32Array(Math.max(maxDim, maxRows));
    this.scratchLo = new Float64Array(Math.max(maxDim, maxRows));
    this.scratchUp = new Float64Array(Math.max(maxDim, maxRows));
    this.lagScratch = new Float64Array(Math.max(1, inputs.numHydros));
    this.lastLoadMw = new Float64Array(Math.max(1, inputs.numBuses));
    const maxNcsCols = Math.max(1, ...templates.map((t) => t.layout.ncsCols.length));
    this.lastNcsAvailableMw = new Float64Array(maxNcsCols);
    this.ncsIdx = new Int32Array(maxNcsCols);
    this.ncsLo = new Float64Array(maxNcsCols);
    this.ncsUp = new Float64Array(maxNcsCols);
  }

  /** Brings stage `t`'s LP up to date with its cut pool (new rows, activity changes). */
  syncCuts(t: number): void {
    const pool = this.pools[t];
    const model = this.models[t];
    const layout = this.templates[t]?.layout;
    if (pool === undefined || model === undefined || layout === undefined) return;
    const n = pool.size;
    const applied = this.appliedCuts[t]!;
    if (n > applied) {
      // Rows go in one batch per generating iteration, as they arrive during training, so
      // a model rebuilt from a checkpoint is row-for-row the model of the uninterrupted run.
      let from = applied;
      while (from < n) {
        let to = from + 1;
        while (to < n && pool.iterations[to] === pool.iterations[from]) to++;
        this.appendCutRows(model, layout, pool, from, to);
        from = to;
      }
      this.appliedCuts[t] = n;
      const act = new Uint8Array(Math.max(n, 16));
      act.set(this.appliedActive[t]!.subarray(0, applied));
      for (let i = applied; i < n; i++) act[i] = pool.active[i]!;
      this.appliedActive[t] = act;
    }
    // Cut selection flips activity: relax or restore the row's lower bound.
    const act = this.appliedActive[t]!;
    for (let i = 0; i < n; i++) {
      if (act[i] !== pool.active[i]) {
        act[i] = pool.active[i]!;
        const row = layout.numTemplateRows + i;
        model.setRowBound(
          row,
          pool.active[i] === 1 ? pool.intercepts[i]! / COST_SCALE : NEG_INF,
          Number.POSITIVE_INFINITY,
        );
      }
    }
  }

  /** Appends cuts [from, to) of `pool` as rows `θ − β·x_out ≥ α` (scaled). */
  private appendCutRows(
    model: LpModel,
    layout: StageTemplate["layout"],
    pool: CutPool,
    from: number,
    to: number,
  ): void {
    const count = to - from;
    const dim = layout.stateDim;
    const nnzPerRow = dim + 1;
    const start = new Int32Array(count + 1);
    const index = new Int32Array(count * nnzPerRow);
    const value = new Float64Array(count * nnzPerRow);
    const lower = new Float64Array(count);
    const upper = new Float64Array(count).fill(Number.POSITIVE_INFINITY);
    for (let c = 0; c < count; c++) {
      const i = from + c;
      start[c] = c * nnzPerRow;
      let k = c * nnzPerRow;
      index[k] = layout.thetaCol;
      value[k++] = 1;
      for (let s = 0; s < dim; s++) {
        index[k] = layout.stateOutCols[s]!;
        value[k++] = -pool.coefficients[i * dim + s]! / COST_SCALE;
      }
      lower[c] = pool.active[i] === 1 ? pool.intercepts[i]! / COST_SCALE : NEG_INF;
    }
    start[count] = count * nnzPerRow;
    model.addRows(count, lower, upper, start, index, value);
  }

  /**
   * Solves stage `t` at incoming state `stateIn` under noise vector `noise`
   * (`inputs.noiseDim` values). Results are in `this.result` and the accessors.
   */
  solve(
    t: number,
    stateIn: ArrayLike<number>,
    noise: ArrayLike<number>,
    site: SolveSite,
    fixed?: FixedRealization | null,
  ): void {
    const model = this.models[t]!;
    const { layout } = this.templates[t]!;
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
      this.lagScratch[h] = rhs;
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
    this.syncCuts(t);
    const started = performance.now();
    const outcome = model.solve({
      stage: t,
      iteration: site.iteration,
      scenario: site.scenario,
      opening: site.opening,
    });
    this.solveTimeMs += performance.now() - started;
    this.solves++;
    if (!outcome.ok) throw new SddpSolveError(outcome.error, site);
    this.simplexIterations += outcome.value.iterations;
    const theta = COST_SCALE * model.colValue[layout.thetaCol]!;
    this.result.objective = COST_SCALE * outcome.value.objective;
    this.result.theta = theta;
    this.result.immediateCost = this.result.objective - layout.discountFactor * theta;
  }

  /** Drops stage `t`'s basis: its next solve starts cold (see WorkerCore on determinism). */
  resetBasis(t: number): void {
    this.models[t]!.resetBasis();
  }

  /** Copies the outgoing state of the last solve of stage `t` into `out`. */
  readOutgoingState(t: number, out: Float64Array): void {
    const model = this.models[t]!;
    const { layout } = this.templates[t]!;
    for (let s = 0; s < layout.stateDim; s++) out[s] = model.colValue[layout.stateOutCols[s]!]!;
  }

  /** Copies ∂objective/∂(incoming state) of the last solve of stage `t` into `out`. */
  readStateGradient(t: number, out: Float64Array): void {
    const model = this.models[t]!;
    const { layout } = this.templates[t]!;
    for (let s = 0; s < layout.stateDim; s++) out[s] = COST_SCALE * model.colDual[layout.stateInCols[s]!]!;
  }

  /** Primal values of the last solve of stage `t` (live view; copy before the next solve). */
  primal(t: number): Float64Array {
    return this.models[t]!.colValue;
  }

  /** Row duals of the last solve of stage `t` (live view, in scaled units: multiply by COST_SCALE). */
  rowDuals(t: number): Float64Array {
    return this.models[t]!.rowDual;
  }

  dispose(): void {
    for (const m of this.models) m.dispose();
  }
}

function scaledCosts(costs: Float64Array, thetaCol: number): Float64Array {
  const out = new Float64Array(costs.length);
  for (let j = 0; j < costs.length; j++) out[j] = j === thetaCol ? costs[j]! : costs[j]! / COST_SCALE;
  return out;
}
