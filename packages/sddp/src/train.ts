/**
 * `train()`: builds the stage LPs of a case, runs SDDP until a stopping rule triggers,
 * and returns the policy (cut pools) with the convergence history.
 */
import { type Case, DEFAULT_TREE_SEED, type Result, err, ok } from "@cobre/core";
import { loadSolver } from "@cobre/solver";
import { buildScenarioInputs } from "./build-scenario-inputs";
import type { CutPool } from "./cut-pool";
import { discountFactors } from "./discount";
import { SddpSolveError, type SddpError } from "./errors";
import { StageBounds } from "./lp/stage-bounds";
import { buildStageTemplate, type StageTemplate } from "./lp/stage-template";
import { OpeningSampler } from "./sampling";
import type { ScenarioInputs } from "./scenario-inputs";
import { StageSolvers } from "./stage-solvers";
import type { TerminationReason } from "./stopping-rules";
import { type IterationRecord, createCutPools, runTrainingLoop } from "./training-loop";

export interface TrainOptions {
  /** Called after every iteration with its convergence record. */
  readonly onIteration?: (record: IterationRecord) => void;
  /** Stops training at the next iteration boundary (termination reason `shutdown`). */
  readonly signal?: AbortSignal;
}

export interface TrainingOutcome {
  readonly history: readonly IterationRecord[];
  readonly terminationReason: TerminationReason;
  /** `pools[t]` approximates the future cost after stage t (the last one is empty). */
  readonly pools: readonly CutPool[];
  readonly stateDim: number;
  readonly seed: number;
  readonly finalLowerBound: number;
  readonly finalUpperBound: number;
  readonly finalGap: number;
  readonly totalTimeMs: number;
}

/** Everything built once per case and shared by training and simulation. */
export interface PreparedStudy {
  readonly case: Case;
  readonly seed: number;
  readonly inputs: ScenarioInputs;
  readonly templates: readonly StageTemplate[];
  readonly initialState: Float64Array;
  readonly cumulativeDiscount: Float64Array;
}

export function prepareStudy(c: Case): Result<PreparedStudy, SddpError> {
  const seed = Math.abs(c.config.training.treeSeed ?? c.config.training.scenarioSource.seed ?? DEFAULT_TREE_SEED);
  const inputs = buildScenarioInputs(c, seed);
  if (!inputs.ok) return inputs;
  const { system } = c;
  const bounds = new StageBounds(system, c.constraints);
  const { oneStep, cumulative } = discountFactors(system.stages, system.policyGraph.annualDiscountRate);
  const T = system.stages.length;
  const templates = system.stages.map((stage, t) =>
    buildStageTemplate(system, bounds, inputs.value, stage, {
      inflowNonNegativity: c.config.modeling.inflowNonNegativity,
      isLast: t === T - 1,
      discountFactor: oneStep[t]!,
      productionModels: c.productionModels,
      fphaHyperplanes: c.fphaHyperplanes,
    }),
  );
  const H = system.hydros.length;
  const P = inputs.value.lagOrder;
  const initialState = new Float64Array(H * (1 + P));
  system.hydros.forEach((h, i) => {
    const s = system.initialConditions.storage.find((x) => x.hydroId === h.id) ??
      system.initialConditions.fillingStorage.find((x) => x.hydroId === h.id);
    initialState[i] = s?.valueHm3 ?? 0;
  });
  initialState.set(inputs.value.initialLags, H);
  return ok({ case: c, seed, inputs: inputs.value, templates, initialState, cumulativeDiscount: cumulative });
}

/**
 * Trains a policy for a loaded case.
 *
 * @example
 * ```ts
 * const loaded = await loadCase("examples/hydro-tiny");
 * if (loaded.ok) {
 *   const trained = await train(loaded.value);
 *   if (trained.ok) console.log(trained.value.finalLowerBound);
 * }
 * ```
 */
export async function train(c: Case, options: TrainOptions = {}): Promise<Result<TrainingOutcome, SddpError>> {
  const prepared = prepareStudy(c);
  if (!prepared.ok) return prepared;
  const study = prepared.value;
  const backend = await loadSolver();
  const pools = createCutPools(study.templates);
  const solvers = new StageSolvers(backend, study.templates, study.inputs, pools, c.config.modeling.inflowNonNegativity.method);
  const started = performance.now();
  try {
    const out = runTrainingLoop({
      case: c,
      templates: study.templates,
      inputs: study.inputs,
      solvers,
      pools,
      sampler: new OpeningSampler(study.seed),
      initialState: study.initialState,
      cumulativeDiscount: study.cumulativeDiscount,
      forwardPasses: c.config.training.forwardPasses,
      stoppingRules: c.config.training.stoppingRules,
      stoppingMode: c.config.training.stoppingMode,
      ...(options.onIteration === undefined ? {} : { onIteration: options.onIteration }),
      shouldStop: () => options.signal?.aborted === true,
    });
    const last = out.history[out.history.length - 1];
    return ok({
      history: out.history,
      terminationReason: out.terminationReason,
      pools,
      stateDim: study.templates[0]?.layout.stateDim ?? 0,
      seed: study.seed,
      finalLowerBound: last?.lowerBound ?? Number.NaN,
      finalUpperBound: last?.upperBoundMean ?? Number.NaN,
      finalGap: last?.gap ?? Number.NaN,
      totalTimeMs: performance.now() - started,
    });
  } catch (e) {
    if (e instanceof SddpSolveError) {
      return err({
        kind: "SolverError",
        message: e.message,
        context: {
          stage: e.solverError.context?.stage ?? null,
          iteration: e.site.iteration,
          scenario: e.site.scenario,
          phase: e.site.phase,
          status: e.solverError.status,
        },
        suggestion: "Check bounds and penalties of the stage named in the context; an infeasible stage usually means a hard bound without a violation slack.",
      });
    }
    throw e;
  } finally {
    solvers.dispose();
  }
}
