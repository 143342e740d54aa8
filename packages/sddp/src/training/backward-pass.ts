/**
 * Backward pass at one stage: for each trial state left by stage t−1, solves stage t
 * under every opening and aggregates the values and state gradients with stage t−1's
 * risk measure into one Benders cut for stage t−1's future cost:
 *   θ_{t−1} ≥ Σ_j w_j·(Q_j + β_j·(x − x̂)).
 */
import type { RiskMeasure } from "@cobre/core";
import { riskWeights } from "./risk-measure";
import type { StageSolvers } from "../lp/stage-solvers";

export interface BackwardScratch {
  readonly values: Float64Array;
  readonly gradients: Float64Array;
  readonly weights: Float64Array;
  readonly order: Int32Array;
  readonly gradient: Float64Array;
}

export function createBackwardScratch(maxOpenings: number, maxStateDim: number): BackwardScratch {
  return {
    values: new Float64Array(maxOpenings),
    gradients: new Float64Array(maxOpenings * Math.max(1, maxStateDim)),
    weights: new Float64Array(maxOpenings),
    order: new Int32Array(maxOpenings),
    gradient: new Float64Array(Math.max(1, maxStateDim)),
  };
}

/**
 * Computes cuts for trial points `[first, first + count)` at stage `t` (t ≥ 1).
 * Writes intercepts into `intercepts[m]` and coefficients into `coefficients[m * dim ..]`.
 */
export function computeCuts(
  solvers: StageSolvers,
  t: number,
  measure: RiskMeasure,
  trialStates: Float64Array,
  iteration: number,
  first: number,
  count: number,
  scratch: BackwardScratch,
  intercepts: Float64Array,
  coefficients: Float64Array,
): void {
  const { inputs } = solvers;
  const dim = solvers.templates[t]!.layout.stateDim;
  const n = inputs.numOpenings[t]!;
  const noiseDim = inputs.noiseDim;
  const openings = inputs.openings[t]!;
  for (let m = first; m < first + count; m++) {
    const xHat = trialStates.subarray(m * dim, (m + 1) * dim);
    for (let j = 0; j < n; j++) {
      solvers.solve(t, xHat, openings.subarray(j * noiseDim, (j + 1) * noiseDim), {
        phase: "backward",
        iteration,
        scenario: m,
        opening: j,
      });
      scratch.values[j] = solvers.result.objective;
      solvers.readStateGradient(t, scratch.gradient);
      scratch.gradients.set(scratch.gradient.subarray(0, dim), j * dim);
    }
    riskWeights(measure, scratch.values, n, scratch.weights, scratch.order);
    let alpha = 0;
    const beta = coefficients.subarray(m * dim, (m + 1) * dim);
    beta.fill(0);
    for (let j = 0; j < n; j++) {
      const w = scratch.weights[j]!;
      let dot = 0;
      for (let s = 0; s < dim; s++) {
        const g = scratch.gradients[j * dim + s]!;
        beta[s] = beta[s]! + w * g;
        dot += g * xHat[s]!;
      }
      alpha += w * (scratch.values[j]! - dot);
    }
    intercepts[m] = alpha;
  }
}
