import { z } from "zod";
import { int, opt, schemaKey, uint } from "./common";

export const rawStoppingRuleSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("iteration_limit"), limit: uint() }),
  z.object({ type: z.literal("time_limit"), seconds: z.number() }),
  z.object({ type: z.literal("bound_stalling"), iterations: uint(), tolerance: z.number() }),
  z.object({
    type: z.literal("simulation"),
    replications: uint(),
    period: uint(),
    bound_window: uint(),
    distance_tol: z.number(),
    bound_tol: z.number(),
  }),
]);

/** `{ "scheme": ... }`; the only object of the format that rejects unknown keys. */
const classEntry = z.strictObject({ scheme: z.string() });

const rawScenarioSourceSchema = z.object({
  seed: opt(int()),
  inflow: opt(classEntry),
  load: opt(classEntry),
  ncs: opt(classEntry),
  historical_years: opt(z.union([z.array(int()), z.object({ from: int(), to: int() })])),
});

const rawCutSelectionSchema = z.object({
  enabled: opt(z.boolean()),
  method: opt(z.string()),
  threshold: opt(uint()),
  check_frequency: opt(uint()),
  cut_activity_tolerance: opt(z.number()),
  memory_window: opt(uint()),
  basis_activity_window: opt(uint()),
  max_active_per_stage: opt(uint()),
  domination_epsilon: opt(z.number()),
});

const rawTrainingSchema = z.object({
  enabled: z.boolean().optional(),
  // Mandatory per the Cobre book; the JSON Schema types it nullable, the loader rejects absence.
  forward_passes: opt(uint()),
  stopping_rules: opt(z.array(rawStoppingRuleSchema)),
  stopping_mode: z.string().optional(),
  tree_seed: opt(int()),
  cut_formulation: opt(z.string()),
  forward_pass: opt(z.object({ type: z.string() })),
  cut_selection: rawCutSelectionSchema.optional(),
  scenario_source: opt(rawScenarioSourceSchema),
  solver: z
    .object({ retry_max_attempts: uint().optional(), retry_time_budget_seconds: z.number().optional() })
    .optional(),
});

/** `config.json`. Only `training` is required. */
export const configFileSchema = z.object({
  $schema: schemaKey,
  training: rawTrainingSchema,
  modeling: z
    .object({
      inflow_non_negativity: z
        .object({ method: z.string().optional(), penalty_cost: z.number().optional() })
        .optional(),
    })
    .optional(),
  estimation: z
    .object({
      max_order: uint().optional(),
      // "fixed" is Cobre's deprecated spelling of "pacf": accepted, resolved to "pacf", warned about.
      order_selection: z.enum(["pacf", "pacf_annual", "fixed"]).optional(),
      min_observations_per_season: uint().optional(),
      max_coefficient_magnitude: opt(z.number()),
    })
    .optional(),
  upper_bound_evaluation: z
    .object({
      enabled: opt(z.boolean()),
      initial_iteration: opt(uint()),
      interval_iterations: opt(uint()),
      lipschitz: z
        .object({ mode: opt(z.string()), fallback_value: opt(z.number()), scale_factor: opt(z.number()) })
        .optional(),
    })
    .optional(),
  policy: z
    .object({
      path: z.string().optional(),
      mode: z.enum(["fresh", "warm_start", "resume"]).optional(),
      validate_compatibility: z.boolean().optional(),
      boundary: opt(z.object({ path: z.string(), source_stage: uint() })),
      checkpointing: z
        .object({
          enabled: opt(z.boolean()),
          initial_iteration: opt(uint()),
          interval_iterations: opt(uint()),
          store_basis: opt(z.boolean()),
          compress: opt(z.boolean()),
        })
        .optional(),
    })
    .optional(),
  simulation: z
    .object({
      enabled: z.boolean().optional(),
      num_scenarios: uint().optional(),
      policy_type: z.string().optional(),
      output_path: opt(z.string()),
      output_mode: opt(z.string()),
      io_channel_capacity: uint().optional(),
      scenario_source: opt(rawScenarioSourceSchema),
    })
    .optional(),
  // The JSON Schema lists `states` and `stochastic`; the other flags are documented by the book.
  exports: z
    .object({
      training: z.boolean().optional(),
      cuts: z.boolean().optional(),
      states: z.boolean().optional(),
      vertices: z.boolean().optional(),
      simulation: z.boolean().optional(),
      forward_detail: z.boolean().optional(),
      backward_detail: z.boolean().optional(),
      compression: opt(z.string()),
      stochastic: z.boolean().optional(),
    })
    .optional(),
});
export type RawConfigFile = z.infer<typeof configFileSchema>;
export type RawScenarioSource = z.infer<typeof rawScenarioSourceSchema>;
