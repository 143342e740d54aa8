/**
 * `rawConfigOf`: a resolved `Config` back in `config.json` form (snake_case), the
 * inverse of `@cobre/core` `resolveConfig`: `resolveConfig(rawConfigOf(c))` equals `c`.
 * Config overrides are merged into this form so they use the file's own key names.
 */
import type { Config, ScenarioSourceConfig, StoppingRule } from "./config";
import type { RawConfigFile } from "./schemas/config";

type RawStoppingRule = NonNullable<RawConfigFile["training"]["stopping_rules"]>[number];
type RawSource = NonNullable<RawConfigFile["training"]["scenario_source"]>;

function rule(r: StoppingRule): RawStoppingRule {
  switch (r.type) {
    case "iteration_limit":
      return { type: r.type, limit: r.limit };
    case "time_limit":
      return { type: r.type, seconds: r.seconds };
    case "bound_stalling":
      return { type: r.type, iterations: r.iterations, tolerance: r.tolerance };
    case "simulation":
      return {
        type: r.type,
        replications: r.replications,
        period: r.period,
        bound_window: r.boundWindow,
        distance_tol: r.distanceTol,
        bound_tol: r.boundTol,
      };
  }
}

function source(s: ScenarioSourceConfig): RawSource {
  const years = s.historicalYears;
  return {
    seed: s.seed,
    inflow: { scheme: s.inflow.scheme },
    load: { scheme: s.load.scheme },
    ncs: { scheme: s.ncs.scheme },
    historical_years:
      years === null ? null : Array.isArray(years) ? [...years] : { ...(years as { from: number; to: number }) },
  };
}

/** The `config.json` object whose resolution is `config`. */
export function rawConfigOf(config: Config): RawConfigFile {
  const {
    training: t,
    simulation: s,
    modeling: m,
    policy: p,
    estimation: e,
    upperBoundEvaluation: u,
    exports: x,
  } = config;
  const cs = t.cutSelection;
  const k = p.checkpointing;
  return {
    training: {
      enabled: t.enabled,
      forward_passes: t.forwardPasses,
      stopping_rules: t.stoppingRules.map(rule),
      stopping_mode: t.stoppingMode,
      tree_seed: t.treeSeed,
      cut_formulation: t.cutFormulation,
      forward_pass: t.forwardPass === null ? null : { type: t.forwardPass.type },
      cut_selection: {
        enabled: cs.enabled,
        method: cs.method,
        threshold: cs.threshold,
        check_frequency: cs.checkFrequency,
        cut_activity_tolerance: cs.cutActivityTolerance,
        memory_window: cs.memoryWindow,
        basis_activity_window: cs.basisActivityWindow,
        max_active_per_stage: cs.maxActivePerStage,
        domination_epsilon: cs.dominationEpsilon,
      },
      scenario_source: source(t.scenarioSource),
      solver: {
        ...(t.solver.retryMaxAttempts === null ? {} : { retry_max_attempts: t.solver.retryMaxAttempts }),
        ...(t.solver.retryTimeBudgetSeconds === null
          ? {}
          : { retry_time_budget_seconds: t.solver.retryTimeBudgetSeconds }),
      },
    },
    simulation: {
      enabled: s.enabled,
      num_scenarios: s.numScenarios,
      policy_type: s.policyType,
      output_path: s.outputPath,
      output_mode: s.outputMode,
      io_channel_capacity: s.ioChannelCapacity,
      // Omitted when equal to training's: the file's fallback then follows training overrides.
      ...(JSON.stringify(s.scenarioSource) === JSON.stringify(t.scenarioSource)
        ? {}
        : { scenario_source: source(s.scenarioSource) }),
    },
    modeling: {
      inflow_non_negativity: { method: m.inflowNonNegativity.method, penalty_cost: m.inflowNonNegativity.penaltyCost },
    },
    policy: {
      path: p.path,
      mode: p.mode,
      validate_compatibility: p.validateCompatibility,
      boundary: p.boundary === null ? null : { path: p.boundary.path, source_stage: p.boundary.sourceStage },
      checkpointing: {
        enabled: k.enabled,
        initial_iteration: k.initialIteration,
        interval_iterations: k.intervalIterations,
        store_basis: k.storeBasis,
        compress: k.compress,
      },
    },
    estimation: {
      max_order: e.maxOrder,
      order_selection: e.orderSelection,
      min_observations_per_season: e.minObservationsPerSeason,
      max_coefficient_magnitude: e.maxCoefficientMagnitude,
    },
    upper_bound_evaluation: {
      enabled: u.enabled,
      initial_iteration: u.initialIteration,
      interval_iterations: u.intervalIterations,
      lipschitz: {
        mode: u.lipschitz.mode,
        fallback_value: u.lipschitz.fallbackValue,
        scale_factor: u.lipschitz.scaleFactor,
      },
    },
    exports: {
      training: x.training,
      cuts: x.cuts,
      states: x.states,
      vertices: x.vertices,
      simulation: x.simulation,
      forward_detail: x.forwardDetail,
      backward_detail: x.backwardDetail,
      compression: x.compression,
      stochastic: x.stochastic,
    },
  };
}
