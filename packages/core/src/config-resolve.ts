/**
 * `resolveConfig`: raw `config.json` (already zod-validated) → resolved `Config`.
 * Enum-like strings are assumed checked by the validator; unknown values fall back to
 * the default rather than throwing, so resolution is total.
 */
import type {
  Config,
  CutSelectionMethod,
  InflowNonNegativityMethod,
  SamplingScheme,
  ScenarioSourceConfig,
  StoppingRule,
} from "./config";
import { DEFAULT_TREE_SEED } from "./config";
import type { RawConfigFile, RawScenarioSource } from "./schemas/config";

const SCHEMES: readonly SamplingScheme[] = ["in_sample", "out_of_sample", "historical", "external"];

function pick<T extends string>(value: string | null | undefined, allowed: readonly T[], fallback: T): T {
  return allowed.find((a) => a === value) ?? fallback;
}

function scheme(entry: { scheme: string } | null | undefined): { readonly scheme: SamplingScheme } {
  return { scheme: pick(entry?.scheme, SCHEMES, "in_sample") };
}

function resolveScenarioSource(raw: RawScenarioSource | null | undefined): ScenarioSourceConfig {
  return {
    seed: raw?.seed ?? null,
    inflow: scheme(raw?.inflow),
    load: scheme(raw?.load),
    ncs: scheme(raw?.ncs),
    historicalYears: raw?.historical_years ?? null,
  };
}

function resolveStoppingRule(raw: NonNullable<RawConfigFile["training"]["stopping_rules"]>[number]): StoppingRule {
  switch (raw.type) {
    case "iteration_limit":
      return { type: raw.type, limit: raw.limit };
    case "time_limit":
      return { type: raw.type, seconds: raw.seconds };
    case "bound_stalling":
      return { type: raw.type, iterations: raw.iterations, tolerance: raw.tolerance };
    case "simulation":
      return {
        type: raw.type,
        replications: raw.replications,
        period: raw.period,
        boundWindow: raw.bound_window,
        distanceTol: raw.distance_tol,
        boundTol: raw.bound_tol,
      };
  }
}

/** Applies every documented default of `config.json` to a schema-valid raw config. */
export function resolveConfig(raw: RawConfigFile): Config {
  const t = raw.training;
  const cs = t.cut_selection ?? {};
  const trainingSource = resolveScenarioSource(t.scenario_source);
  const sim = raw.simulation ?? {};
  const pol = raw.policy ?? {};
  const ckpt = pol.checkpointing ?? {};
  const est = raw.estimation ?? {};
  const ub = raw.upper_bound_evaluation ?? {};
  const ex = raw.exports ?? {};
  const inn = raw.modeling?.inflow_non_negativity ?? {};
  const methods: readonly InflowNonNegativityMethod[] = ["none", "penalty", "truncation", "truncation_with_penalty"];
  const cutMethods: readonly CutSelectionMethod[] = ["level1", "lml1", "domination"];
  return {
    training: {
      enabled: t.enabled ?? true,
      forwardPasses: t.forward_passes ?? 1,
      stoppingRules: (t.stopping_rules ?? []).map(resolveStoppingRule),
      stoppingMode: t.stopping_mode === "all" ? "all" : "any",
      treeSeed: t.tree_seed ?? DEFAULT_TREE_SEED,
      cutFormulation: t.cut_formulation === "multi" ? "multi" : "single",
      forwardPass: t.forward_pass ? { type: t.forward_pass.type } : null,
      cutSelection: {
        enabled: cs.enabled ?? false,
        method: cutMethods.find((m) => m === cs.method) ?? null,
        threshold: cs.threshold ?? 0,
        checkFrequency: cs.check_frequency ?? 1,
        cutActivityTolerance: cs.cut_activity_tolerance ?? 1e-6,
        memoryWindow: cs.memory_window ?? null,
        basisActivityWindow: cs.basis_activity_window ?? 5,
        maxActivePerStage: cs.max_active_per_stage ?? null,
        dominationEpsilon: cs.domination_epsilon ?? 1e-6,
      },
      scenarioSource: trainingSource,
      solver: {
        retryMaxAttempts: t.solver?.retry_max_attempts ?? null,
        retryTimeBudgetSeconds: t.solver?.retry_time_budget_seconds ?? null,
      },
    },
    simulation: {
      enabled: sim.enabled ?? false,
      numScenarios: sim.num_scenarios ?? 2000,
      policyType: sim.policy_type === "inner" ? "inner" : "outer",
      outputPath: sim.output_path ?? null,
      outputMode: (["streaming", "batched"] as const).find((m) => m === sim.output_mode) ?? null,
      ioChannelCapacity: sim.io_channel_capacity ?? 64,
      scenarioSource: sim.scenario_source ? resolveScenarioSource(sim.scenario_source) : trainingSource,
    },
    modeling: {
      inflowNonNegativity: { method: pick(inn.method, methods, "penalty"), penaltyCost: inn.penalty_cost ?? 1000 },
    },
    policy: {
      path: pol.path ?? "./policy",
      mode: pol.mode ?? "fresh",
      validateCompatibility: pol.validate_compatibility ?? true,
      boundary: pol.boundary ? { path: pol.boundary.path, sourceStage: pol.boundary.source_stage } : null,
      checkpointing: {
        enabled: ckpt.enabled ?? false,
        initialIteration: ckpt.initial_iteration ?? null,
        intervalIterations: ckpt.interval_iterations ?? null,
        storeBasis: ckpt.store_basis ?? false,
        compress: ckpt.compress ?? false,
      },
    },
    estimation: {
      maxOrder: est.max_order ?? 6,
      orderSelection: est.order_selection === "pacf_annual" ? "pacf_annual" : "pacf",
      minObservationsPerSeason: est.min_observations_per_season ?? 30,
      maxCoefficientMagnitude: est.max_coefficient_magnitude ?? null,
    },
    upperBoundEvaluation: {
      enabled: ub.enabled ?? false,
      initialIteration: ub.initial_iteration ?? null,
      intervalIterations: ub.interval_iterations ?? null,
      lipschitz: {
        mode: ub.lipschitz?.mode ?? null,
        fallbackValue: ub.lipschitz?.fallback_value ?? null,
        scaleFactor: ub.lipschitz?.scale_factor ?? null,
      },
    },
    exports: {
      training: ex.training ?? true,
      cuts: ex.cuts ?? true,
      states: ex.states ?? false,
      vertices: ex.vertices ?? true,
      simulation: ex.simulation ?? true,
      forwardDetail: ex.forward_detail ?? false,
      backwardDetail: ex.backward_detail ?? false,
      compression: (["zstd", "lz4", "none"] as const).find((c) => c === ex.compression) ?? null,
      stochastic: ex.stochastic ?? false,
    },
  };
}
