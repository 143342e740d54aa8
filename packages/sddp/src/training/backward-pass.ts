/**
 * Backward pass at one stage: for each trial state left by stage t−1, solves stage t
 * under every opening and aggregates the values and state gradients with stage t−1's
 * risk measure into one Benders cut for stage t−1's future cost:
 *   θ_{t−1} ≥ Σ_j w_j·(Q_j + β_j·(x − x̂)).
 *
 * When the forward pass has few scenarios, a trial point's openings are solved in runs
 * ({@link openingRuns}): each run starts from the trial point's stored basis and
 * re-solves warm within itself, and is a unit of backward work that any thread takes. With
 * 4 trial points a stage offers 2 threads 4 units, and the last one decides when the stage
 * ends; in runs of 5 openings 4ree's 4 trial points of 10 openings make 8 units, and the
 * threads' waits at the stage barriers fell from 1.3–4.0 s to 1.0–1.9 s per thread over
 * 256 iterations (three alternated runs each, 2 workers). Because every run starts from
 * the same basis whoever solves it, the cut is the same whether one thread solves a
 * trial point's runs in a row or several solve them at once. A restart costs simplex
 * iterations when the iteration's new cuts are many (the stored basis has them basic):
 * runs of 5 left 4ree's backward LPs unchanged (4.54 against 4.58 simplex iterations, one
 * worker) but cost the national-size case 15% (79.4 against 69.1). So runs are no shorter
 * than 5 openings, and only cases with fewer than 8 forward scenarios are cut at all.
 */
import type { RiskMeasure } from "@cobre/core";
import { riskWeights } from "./risk-measure";
import type { StageSolvers } from "../lp/stage-solvers";

/** Backward units a stage should offer: below this many trial points, they are cut into runs. */
const UNITS_PER_STAGE = 8;
/** The shortest run of openings (see the module note). */
const MIN_OPENINGS_PER_RUN = 5;

/** How a trial point's openings are cut into runs: `runs` of `length` openings (the last may be shorter). */
export interface OpeningRuns {
  readonly runs: number;
  readonly length: number;
}

/**
 * The runs of a stage with `n` openings when the forward pass has `forwardPasses`
 * scenarios: a function of the case alone, never of the number of workers, so the cuts
 * are the same whatever runs them.
 */
export function openingRuns(n: number, forwardPasses: number): OpeningRuns {
  const wanted = Math.ceil(UNITS_PER_STAGE / Math.max(1, forwardPasses));
  const length = Math.max(MIN_OPENINGS_PER_RUN, Math.ceil(n / wanted));
  return { runs: Math.max(1, Math.ceil(n / length)), length };
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
