/**
 * What this implementation does with each field of `config.json`: every field of the
 * schema (`schemas/config.ts`) is in exactly one of two lists, checked by
 * `test/config-support.test.ts`:
 *
 * - `IMPLEMENTED_CONFIG_FIELDS`: the field works as the Cobre book describes it;
 * - `UNSUPPORTED_CONFIG_FIELDS`: the field is accepted but (some of) what it asks for is
 *   not implemented; when a configuration asks for it, the run draws an
 *   `UnsupportedOption` warning with the entry's message (`unsupportedConfigWarnings`,
 *   reported by the engine with its other warnings).
 *
 * A field moves from one list to the other by moving its line. Field paths are dotted,
 * as in the book's tables; arrays and unions (`stopping_rules`, `historical_years`) are
 * one field.
 */
import type { Config } from "./config";
import type { ErrorKindSubset } from "./errors";

/** Fields that work as the book describes them. */
export const IMPLEMENTED_CONFIG_FIELDS: readonly string[] = [
  "$schema", // editor hint; ignored during processing, as the book says
  "training.enabled",
  "training.forward_passes",
  "training.stopping_rules",
  "training.stopping_mode",
  "training.tree_seed",
  "training.cut_selection.enabled",
  "training.cut_selection.method",
  "training.cut_selection.threshold",
  "training.cut_selection.check_frequency",
  "training.cut_selection.cut_activity_tolerance",
  "training.cut_selection.memory_window",
  "training.cut_selection.max_active_per_stage",
  "training.cut_selection.domination_epsilon",
  "training.scenario_source.seed",
  "training.scenario_source.inflow.scheme",
  "training.scenario_source.load.scheme",
  "training.scenario_source.ncs.scheme",
  "training.scenario_source.historical_years",
  "training.solver.retry_max_attempts", // retry levels a solve may run (absent: all 12, as the Rust tool runs)
  "training.solver.retry_time_budget_seconds", // the ladder's overall time per solve (absent: 120 s, as the Rust tool)
  "modeling.inflow_non_negativity.method",
  "modeling.inflow_non_negativity.penalty_cost",
  "estimation.max_order",
  "estimation.order_selection",
  "estimation.min_observations_per_season",
  "estimation.max_coefficient_magnitude",
  "policy.path",
  "policy.mode",
  "policy.validate_compatibility",
  "policy.boundary.path",
  "policy.boundary.source_stage",
  "policy.checkpointing.enabled",
  "policy.checkpointing.initial_iteration",
  "policy.checkpointing.interval_iterations",
  "policy.checkpointing.store_basis",
  "simulation.enabled",
  "simulation.num_scenarios",
  "simulation.io_channel_capacity",
  "simulation.scenario_source.seed",
  "simulation.scenario_source.inflow.scheme",
  "simulation.scenario_source.load.scheme",
  "simulation.scenario_source.ncs.scheme",
  "simulation.scenario_source.historical_years",
  "exports.training",
  "exports.cuts",
  "exports.states",
  "exports.simulation",
  "exports.compression",
  "exports.stochastic",
];

/** A field accepted but not (fully) implemented, and when a configuration asks for it. */
export interface UnsupportedConfigField {
  readonly field: string;
  /** True when the configuration asks for what is not implemented. */
  readonly requested: (config: Config) => boolean;
  /** What happens instead (the warning's message). */
  readonly message: string;
}

const ub = (c: Config) => c.upperBoundEvaluation;
const unsupported = (
  field: string,
  requested: (config: Config) => boolean,
  message: string,
): UnsupportedConfigField => ({ field, requested, message });

/** Fields accepted but not implemented; each draws an `UnsupportedOption` warning when used. */
// biome-ignore format: one line per field, so that a field moves between the lists by moving its line
export const UNSUPPORTED_CONFIG_FIELDS: readonly UnsupportedConfigField[] = [
  unsupported("training.cut_formulation", (c) => c.training.cutFormulation === "multi", "multi-cut formulation is not implemented; single cuts are used"),
  unsupported("training.forward_pass.type", (c) => (c.training.forwardPass?.type ?? "default") !== "default", 'forward-pass variants are not implemented; the "default" forward pass is used'),
  unsupported("training.cut_selection.basis_activity_window", (c) => c.training.cutSelection.basisActivityWindow !== 5, "the basis-reconstruction classifier of warm starts is not implemented (cut rows added since a basis was stored start basic); basis_activity_window is not applied"),
  unsupported("simulation.output_path", (c) => c.simulation.outputPath !== null, "simulation.output_path is not applied: simulation files go to <output>/simulation/ (the book gives no other meaning; the Rust tool does not read it either)"),
  unsupported("simulation.output_mode", (c) => c.simulation.outputMode !== null, "simulation.output_mode is not applied: scenarios are always streamed to Parquet as they finish"),
  unsupported("policy.checkpointing.compress", (c) => c.policy.checkpointing.compress, "policy.checkpointing.compress is not applied: no compressed checkpoint format is specified; policy files are written uncompressed"),
  unsupported("simulation.policy_type", (c) => c.simulation.policyType === "inner", "the inner-approximation policy is not implemented; the outer (cut) policy is used"),
  unsupported("upper_bound_evaluation.enabled", (c) => ub(c).enabled, "inner-approximation upper-bound evaluation is not implemented; skipped"),
  unsupported("upper_bound_evaluation.initial_iteration", (c) => ub(c).initialIteration !== null, "upper-bound evaluation is not implemented; initial_iteration is not applied"),
  unsupported("upper_bound_evaluation.interval_iterations", (c) => ub(c).intervalIterations !== null, "upper-bound evaluation is not implemented; interval_iterations is not applied"),
  unsupported("upper_bound_evaluation.lipschitz.mode", (c) => ub(c).lipschitz.mode !== null, "upper-bound evaluation is not implemented; lipschitz.mode is not applied"),
  unsupported("upper_bound_evaluation.lipschitz.fallback_value", (c) => ub(c).lipschitz.fallbackValue !== null, "upper-bound evaluation is not implemented; lipschitz.fallback_value is not applied"),
  unsupported("upper_bound_evaluation.lipschitz.scale_factor", (c) => ub(c).lipschitz.scaleFactor !== null, "upper-bound evaluation is not implemented; lipschitz.scale_factor is not applied"),
  unsupported("exports.vertices", (c) => c.exports.vertices && ub(c).enabled, "inner-approximation vertices are not computed, so none are written"),
  unsupported("exports.forward_detail", (c) => c.exports.forwardDetail, "per-scenario forward-pass detail is not written"),
  unsupported("exports.backward_detail", (c) => c.exports.backwardDetail, "per-scenario backward-pass detail is not written"),
];

/** An `UnsupportedOption` warning of a `config.json` field. */
export interface UnsupportedOptionWarning {
  readonly kind: ErrorKindSubset<"UnsupportedOption">;
  readonly message: string;
  readonly context: { readonly file: "config.json"; readonly field: string };
}

/**
 * The `UnsupportedOption` warnings of a configuration: one per entry of
 * `UNSUPPORTED_CONFIG_FIELDS` whose option it asks for, in list order.
 *
 * @example
 * unsupportedConfigWarnings(resolveConfig({ training: { cut_formulation: "multi" } }))
 * // [{ kind: "UnsupportedOption", message: "multi-cut formulation ...", context: { file: "config.json", field: "training.cut_formulation" } }]
 */
export function unsupportedConfigWarnings(config: Config): UnsupportedOptionWarning[] {
  return UNSUPPORTED_CONFIG_FIELDS.filter((f) => f.requested(config)).map((f) => ({
    kind: "UnsupportedOption",
    message: f.message,
    context: { file: "config.json", field: f.field },
  }));
}
