/**
 * Everything built once per case and shared (by value, deterministically) by the
 * coordinator, every worker, training and simulation: scenario inputs, stage LP
 * templates, the initial state and discount factors.
 */
import {
  type Case,
  DEFAULT_TREE_SEED,
  type FphaHyperplane,
  type Result,
  err,
  ok,
  unsupportedConfigWarnings,
} from "@cobre/core";
import { buildScenarioInputs } from "../scenario/build-scenario-inputs";
import { discountFactors } from "../training/discount";
import type { SddpError } from "../errors";
import { templateInputsFromCase } from "../lp/case-template-inputs";
import { StageBounds } from "@cobre/core";
import { buildStageTemplate, type StageTemplate } from "../lp/stage-template";
import type { ScenarioInputs } from "../scenario/scenario-inputs";
import { ForwardNoise } from "../scenario/forward-noise";
import type { EngineWarning } from "../warnings";

export interface PreparedStudy {
  readonly case: Case;
  readonly seed: number;
  readonly inputs: ScenarioInputs;
  readonly templates: readonly StageTemplate[];
  readonly initialState: Float64Array;
  readonly cumulativeDiscount: Float64Array;
  /** Noise of training forward passes (`training.scenario_source`). */
  readonly trainingNoise: ForwardNoise;
  /** Noise of simulation and policy evaluation (`simulation.scenario_source`). */
  readonly simulationNoise: ForwardNoise;
  /** What the run should tell the user (approximations, fallbacks, ignored options). */
  readonly warnings: readonly EngineWarning[];
  /** FPHA planes fitted from geometry (`fpha_config.source: "computed"`); empty when none. */
  readonly fittedFphaPlanes: readonly FphaHyperplane[];
}

/** The seed of a case: `training.tree_seed`, else `scenario_source.seed`, else 42 (absolute value). */
export function studySeed(c: Case): number {
  return Math.abs(c.config.training.treeSeed ?? c.config.training.scenarioSource.seed ?? DEFAULT_TREE_SEED);
}

export function prepareStudy(c: Case): Result<PreparedStudy, SddpError> {
  const seed = studySeed(c);
  const inputs = buildScenarioInputs(c, seed);
  if (!inputs.ok) return inputs;
  const { system } = c;
  if (system.policyGraph.type === "cyclic") {
    // Infinite-horizon (cyclic) policy graphs need a different algorithm (cut sharing
    // across the cycle, a convergence argument on the discount); never run them as if
    // the horizon were finite.
    return err({
      kind: "InvalidOptions",
      message: 'policy_graph.type "cyclic" (infinite horizon) is not supported; only "finite_horizon" studies run',
      context: { file: "stages.json", field: "policy_graph.type" },
      suggestion: 'Use "finite_horizon" (a long horizon with discounting approximates the cyclic case).',
    });
  }
  const bounds = new StageBounds(system, c.constraints);
  const { oneStep, cumulative } = discountFactors(system.stages, system.policyGraph);
  const T = system.stages.length;
  const caseInputs = templateInputsFromCase(c);
  const templates = system.stages.map((stage, t) =>
    buildStageTemplate(system, bounds, inputs.value, stage, {
      inflowNonNegativity: c.config.modeling.inflowNonNegativity,
      // With boundary cuts the last stage has a future cost too (its cuts come from another policy).
      isLast: t === T - 1 && c.config.policy.boundary === null,
      discountFactor: oneStep[t]!,
      ...caseInputs,
    }),
  );
  const H = system.hydros.length;
  const P = inputs.value.lagOrder;
  const initialState = new Float64Array(H * (1 + P));
  system.hydros.forEach((h, i) => {
    const s =
      system.initialConditions.storage.find((x) => x.hydroId === h.id) ??
      system.initialConditions.fillingStorage.find((x) => x.hydroId === h.id);
    initialState[i] = s?.valueHm3 ?? 0;
  });
  initialState.set(inputs.value.initialLags, H);
  const trainingNoise = ForwardNoise.create(
    c,
    inputs.value,
    c.config.training.scenarioSource,
    seed,
    initialState,
    c.config.training.forwardPasses,
  );
  if (!trainingNoise.ok) return trainingNoise;
  const simulationNoise = ForwardNoise.create(
    c,
    inputs.value,
    c.config.simulation.scenarioSource,
    seed,
    initialState,
    c.config.simulation.numScenarios,
  );
  if (!simulationNoise.ok) return simulationNoise;
  const warnings: EngineWarning[] = [...inputs.value.warnings, ...unsupportedOptions(c, inputs.value)];
  for (const [pass, noise, scenarios] of [
    ["training", trainingNoise.value, c.config.training.forwardPasses],
    ["simulation", simulationNoise.value, c.config.simulation.numScenarios],
  ] as const) {
    for (const w of noise.samplingWarnings) {
      warnings.push({ kind: "SamplingFallback", message: `${pass}: ${w.message}`, context: { stageId: w.stageId } });
    }
    const windows = noise.historicalWindows;
    if (windows > 0 && windows < scenarios) {
      warnings.push({
        kind: "HistoricalWindows",
        message: `${pass}: ${windows} historical years for ${scenarios} scenarios per iteration; years repeat`,
        context: { windows, scenarios },
      });
    }
  }
  return ok({
    case: c,
    seed,
    inputs: inputs.value,
    templates,
    initialState,
    cumulativeDiscount: cumulative,
    trainingNoise: trainingNoise.value,
    simulationNoise: simulationNoise.value,
    warnings,
    // templateInputsFromCase puts the case's own planes first, then the fitted ones.
    fittedFphaPlanes: caseInputs.fphaHyperplanes.slice(c.fphaHyperplanes.length),
  });
}

/**
 * Options the case asks for that this engine accepts but does not implement: the run goes
 * on without them, and says so. The config.json fields come from the one list of
 * @cobre/core (`UNSUPPORTED_CONFIG_FIELDS`); `stages[].state_variables` is checked here.
 */
function unsupportedOptions(c: Case, inputs: ScenarioInputs): EngineWarning[] {
  const out: EngineWarning[] = [];
  // state_variables: storage and (when the PAR model has lags) inflow lags are always state.
  const dropped = c.system.stages.filter(
    (s) => !s.stateVariables.storage || (!s.stateVariables.inflowLags && inputs.inflowLagSlots > 0),
  );
  if (dropped.length > 0) {
    out.push({
      kind: "UnsupportedOption",
      message: `state_variables turning storage or inflow lags off (stages ${dropped.map((s) => s.id).join(", ")}) is not implemented; they stay state variables`,
      context: { file: "stages.json", field: "stages[].state_variables" },
    });
  }
  out.push(...unsupportedConfigWarnings(c.config));
  return out;
}
