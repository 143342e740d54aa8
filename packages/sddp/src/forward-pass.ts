/**
 * Forward pass: simulates `scenarios` trajectories through the current policy, recording
 * the trial states (outgoing state of every stage) and each trajectory's present-value
 * cost, the sample of the upper-bound estimate.
 */
import type { OpeningSampler } from "./sampling";
import type { StageSolvers } from "./stage-solvers";

export interface ForwardPassBuffers {
  /** `trialStates[t]` holds `[scenario * stateDim + s]`: outgoing state of stage t. */
  readonly trialStates: Float64Array[];
  /** Present-value cost per scenario. */
  readonly costs: Float64Array;
}

export function runForwardPass(
  solvers: StageSolvers,
  sampler: OpeningSampler,
  initialState: Float64Array,
  cumulativeDiscount: Float64Array,
  iteration: number,
  firstScenario: number,
  count: number,
  out: ForwardPassBuffers,
): void {
  const { templates, inputs } = solvers;
  const T = templates.length;
  for (let m = firstScenario; m < firstScenario + count; m++) {
    let cost = 0;
    for (let t = 0; t < T; t++) {
      const dim = templates[t]!.layout.stateDim;
      const stateIn = t === 0 ? initialState : out.trialStates[t - 1]!.subarray(m * dim, (m + 1) * dim);
      const j = sampler.pick(iteration, m, t, inputs.numOpenings[t]!);
      const noise = inputs.openings[t]!.subarray(j * inputs.noiseDim, (j + 1) * inputs.noiseDim);
      solvers.solve(t, stateIn, noise, { phase: "forward", iteration, scenario: m, opening: j });
      cost += cumulativeDiscount[t]! * solvers.result.immediateCost;
      solvers.readOutgoingState(t, out.trialStates[t]!.subarray(m * dim, (m + 1) * dim));
    }
    out.costs[m] = cost;
  }
}
