/**
 * Backward pass at one stage: for each trial state left by stage t−1, solves stage t
 * under every opening and aggregates the values and state gradients with stage t−1's
 * risk measure into one Benders cut for stage t−1's future cost:
 *   θ_{t−1} ≥ Σ_j w_j·(Q_j + β_j·(x − x̂)).
 *
 * A trial point's openings are solved in runs of at most {@link OPENINGS_PER_RUN}: each
 * run starts from the trial point's stored basis and re-solves warm within itself. The
 * run is the unit of backward work a thread takes (four trial points of ten openings
 * make eight units, not four, for the threads to share), and because every run starts
 * from the same basis whoever solves it, the cut is the same whether one thread solves
 * the runs of a trial point in a row or several solve them at once. Restarting costs
 * little: measured on 4ree (256 iterations, one worker), runs of five left the simplex
 * iterations and HiGHS time per backward LP unchanged (4.54 against 4.58 iterations).
 */
import type { RiskMeasure } from "@cobre/core";
import { riskWeights } from "./risk-measure";
import type { StageSolvers } from "../lp/stage-solvers";

/** Openings of one trial point solved in a row from its stored basis (see the module note). */
export const OPENINGS_PER_RUN = 5;

/** Runs a trial point of stage t is cut into (`n` openings). */
export function runsPerTrialPoint(n: number): number {
  return Math.max(1, Math.ceil(n / OPENINGS_PER_RUN));
}

/**
 * Per-opening results, a row per trial point: `values[row * maxOpenings + j]` and
 * `gradients[(row * maxOpenings + j) * maxDim ..]` (∂value/∂incoming state).
 */
export interface OpeningResults {
  readonly maxOpenings: number;
  readonly maxDim: number;
  readonly values: Float64Array;
  readonly gradients: Float64Array;
}

/** Scratch space of the risk aggregation (per thread). */
export interface CutScratch {
  readonly values: Float64Array;
  readonly weights: Float64Array;
  readonly order: Int32Array;
  readonly gradient: Float64Array;
}

/** Per-opening results of `rows` trial points, in this thread's memory. */
export function createOpeningResults(rows: number, maxOpenings: number, maxDim: number): OpeningResults {
  return {
    maxOpenings,
    maxDim,
    values: new Float64Array(rows * maxOpenings),
    gradients: new Float64Array(rows * maxOpenings * maxDim),
  };
}

export function createCutScratch(maxOpenings: number, maxStateDim: number): CutScratch {
  return {
    values: new Float64Array(maxOpenings),
    weights: new Float64Array(maxOpenings),
    order: new Int32Array(maxOpenings),
    gradient: new Float64Array(Math.max(1, maxStateDim)),
  };
}

/**
 * Solves stage t (t ≥ 1) at trial point m of `trialStates` under openings [first, end),
 * in order, each warm from the last (the caller has set where the first starts), into
 * row `row` of `out`.
 */
export function solveOpeningRun(
  solvers: StageSolvers,
  t: number,
  trialStates: Float64Array,
  iteration: number,
  m: number,
  first: number,
  end: number,
  out: OpeningResults,
  row: number,
  scratch: CutScratch,
): void {
  const { inputs } = solvers;
  const dim = solvers.templates[t]!.layout.stateDim;
  const noiseDim = inputs.noiseDim;
  const openings = inputs.openings[t]!;
  const xHat = trialStates.subarray(m * dim, (m + 1) * dim);
  for (let j = first; j < end; j++) {
    solvers.solve(t, xHat, openings.subarray(j * noiseDim, (j + 1) * noiseDim), {
      phase: "backward",
      iteration,
      scenario: m,
      opening: j,
    });
    const k = row * out.maxOpenings + j;
    out.values[k] = solvers.result.objective;
    solvers.readStateGradient(t, scratch.gradient);
    out.gradients.set(scratch.gradient.subarray(0, dim), k * out.maxDim);
  }
}

/**
 * The cut of trial point m from its `n` per-opening results (row `row` of `results`),
 * weighted by `measure`: intercept into `intercepts[m]`, coefficients into
 * `coefficients[m * dim ..]`.
 */
export function aggregateCut(
  measure: RiskMeasure,
  results: OpeningResults,
  row: number,
  n: number,
  dim: number,
  trialStates: Float64Array,
  m: number,
  scratch: CutScratch,
  intercepts: Float64Array,
  coefficients: Float64Array,
): void {
  const base = row * results.maxOpenings;
  for (let j = 0; j < n; j++) scratch.values[j] = results.values[base + j]!;
  riskWeights(measure, scratch.values, n, scratch.weights, scratch.order);
  const xHat = trialStates.subarray(m * dim, (m + 1) * dim);
  const beta = coefficients.subarray(m * dim, (m + 1) * dim);
  beta.fill(0);
  let alpha = 0;
  for (let j = 0; j < n; j++) {
    const w = scratch.weights[j]!;
    const g = (base + j) * results.maxDim;
    let dot = 0;
    for (let s = 0; s < dim; s++) {
      const gs = results.gradients[g + s]!;
      beta[s] = beta[s]! + w * gs;
      dot += gs * xHat[s]!;
    }
    alpha += w * (scratch.values[j]! - dot);
  }
  intercepts[m] = alpha;
}
