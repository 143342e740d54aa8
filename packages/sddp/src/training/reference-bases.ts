/**
 * Bases for stages that have none in the policy slot — the first forward pass of a fresh
 * training run, or a simulation of a policy saved without `policy/basis/`: one cold solve
 * per stage along a reference trajectory — the initial state, every noise at zero (mean
 * inflows, loads and NCS availability) — each stage's basis kept as the policy's.
 *
 * They are a pure function of the case and the cuts, so the runs that start from them
 * (and a simulation run right after training or later from the saved cuts) give the same
 * results whatever the number of workers. The pass costs one LP per stage, against one
 * per (scenario, stage) that it warm-starts.
 */
import { loadSolver } from "@cobre/solver";
import { SddpSolveError } from "../errors";
import { stageLpOptions } from "../lp/lp-options";
import { StageSolvers } from "../lp/stage-solvers";
import type { PreparedStudy } from "../study/prepare-study";
import type { TrainingState } from "./training-state";

/**
 * Fills the policy slot of every stage of `state.bases` that has none, up to the first
 * stage whose LP the trajectory cannot solve. Its solves count in no statistics.
 */
export async function fillReferenceBases(study: PreparedStudy, state: TrainingState): Promise<void> {
  const { templates } = study;
  const bases = state.bases;
  const missing = templates.map((_, t) => !bases.hasPolicyBasis(t));
  if (!missing.includes(true)) return;
  const { config } = study.case;
  const solvers = new StageSolvers(
    await loadSolver(),
    templates,
    study.inputs,
    state.pools,
    config.modeling.inflowNonNegativity.method,
    { lp: stageLpOptions(config) },
  );
  try {
    const noise = new Float64Array(Math.max(1, study.inputs.noiseDim));
    const maxDim = Math.max(1, ...templates.map((t) => t.layout.stateDim));
    let stateIn = new Float64Array(maxDim);
    let stateOut = new Float64Array(maxDim);
    stateIn.set(study.initialState.subarray(0, templates[0]?.layout.stateDim ?? 0));
    for (let t = 0; t < templates.length; t++) {
      const dim = templates[t]!.layout.stateDim;
      solvers.resetBasis(t);
      try {
        solvers.solve(t, stateIn.subarray(0, dim), noise, { phase: "simulation", iteration: 0, scenario: -1 });
      } catch (e) {
        // A warm start is an optimisation: this stage and the later ones start cold, and an
        // LP that cannot be solved is reported by the scenario that meets it.
        if (e instanceof SddpSolveError) break;
        throw e;
      }
      if (missing[t] === true) solvers.captureBasis(t, bases, bases.policySlot, 0);
      solvers.readOutgoingState(t, stateOut);
      [stateIn, stateOut] = [stateOut, stateIn];
    }
  } finally {
    solvers.dispose();
  }
}
