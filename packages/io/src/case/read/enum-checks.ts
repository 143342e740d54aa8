/**
 * Part of layer 2: string fields the JSON Schemas type as plain strings but the Cobre
 * book restricts to a fixed set of values.
 */
import type { Diagnostics } from "../diagnostics";
import type { RawCase } from "./raw-case";

function check(
  diag: Diagnostics,
  file: string,
  field: string,
  value: string | null | undefined,
  allowed: readonly string[],
  entityId?: number,
): void {
  if (value === null || value === undefined || allowed.includes(value)) return;
  const context = entityId === undefined ? { file, field } : { file, field, entity_id: entityId };
  diag.error(
    "InvalidEnum",
    `${file}: ${field} = '${value}' is not one of ${allowed.join(", ")}`,
    context,
    `use one of: ${allowed.join(", ")}`,
  );
}

const SCHEMES = ["in_sample", "out_of_sample", "historical", "external"] as const;
const MODELS = ["constant_productivity", "linearized_head", "fpha"] as const;

function checkConfig(raw: RawCase, diag: Diagnostics): void {
  const c = raw.json.config;
  if (!c) return;
  const f = "config.json";
  const t = c.training;
  check(diag, f, "training.stopping_mode", t.stopping_mode, ["any", "all"]);
  check(diag, f, "training.cut_formulation", t.cut_formulation, ["single", "multi"]);
  check(diag, f, "training.cut_selection.method", t.cut_selection?.method, ["level1", "lml1", "domination"]);
  check(diag, f, "modeling.inflow_non_negativity.method", c.modeling?.inflow_non_negativity?.method, [
    "none",
    "penalty",
    "truncation",
    "truncation_with_penalty",
  ]);
  for (const [section, src] of [
    ["training", t.scenario_source],
    ["simulation", c.simulation?.scenario_source],
  ] as const) {
    for (const cls of ["inflow", "load", "ncs"] as const) {
      check(diag, f, `${section}.scenario_source.${cls}.scheme`, src?.[cls]?.scheme, SCHEMES);
    }
  }
  check(diag, f, "simulation.policy_type", c.simulation?.policy_type, ["outer", "inner"]);
  check(diag, f, "simulation.output_mode", c.simulation?.output_mode, ["streaming", "batched"]);
  check(diag, f, "exports.compression", c.exports?.compression, ["zstd", "lz4", "none"]);
  check(diag, f, "upper_bound_evaluation.lipschitz.mode", c.upper_bound_evaluation?.lipschitz?.mode, ["auto"]);
}

function checkStages(raw: RawCase, diag: Diagnostics): void {
  const s = raw.json.stages;
  if (!s) return;
  const f = "stages.json";
  check(diag, f, "policy_graph.type", s.policy_graph.type, ["finite_horizon", "cyclic"]);
  check(diag, f, "season_definitions.cycle_type", s.season_definitions?.cycle_type, ["monthly", "weekly", "custom"]);
  s.stages.forEach((st, i) => {
    check(diag, f, `stages[${i}].block_mode`, st.block_mode, ["parallel", "chronological"], st.id);
    if (typeof st.risk_measure === "string") {
      check(diag, f, `stages[${i}].risk_measure`, st.risk_measure, ["expectation"], st.id);
    }
  });
  if (s.scenario_source !== undefined) {
    diag.error(
      "SchemaViolation",
      "stages.json: top-level 'scenario_source' is no longer read",
      { file: f, field: "scenario_source" },
      "move it to config.json under training.scenario_source / simulation.scenario_source",
    );
  }
}

function checkOthers(raw: RawCase, diag: Diagnostics): void {
  const pm = raw.json.productionModels;
  const pf = "system/hydro_production_models.json";
  pm?.production_models.forEach((m, i) => {
    const choices =
      m.selection_mode === "stage_ranges"
        ? m.stage_ranges.map((r, j) => ({ r, at: `production_models[${i}].stage_ranges[${j}]` }))
        : m.seasons.map((r, j) => ({ r, at: `production_models[${i}].seasons[${j}]` }));
    if (m.selection_mode === "seasonal") {
      check(diag, pf, `production_models[${i}].default_model`, m.default_model, MODELS, m.hydro_id);
    }
    for (const { r, at } of choices) {
      check(diag, pf, `${at}.model`, r.model, MODELS, m.hydro_id);
      check(diag, pf, `${at}.fpha_config.source`, r.fpha_config?.source, ["precomputed", "computed"], m.hydro_id);
    }
  });
  raw.json.genericConstraints?.constraints.forEach((c, i) => {
    check(diag, "constraints/generic_constraints.json", `constraints[${i}].sense`, c.sense, [">=", "<=", "=="], c.id);
  });
  const corr = raw.json.correlation;
  if (corr) {
    const f = "scenarios/correlation.json";
    if (!["spectral", "cholesky"].includes(corr.method)) {
      diag.warn("InvalidEnum", `${f}: unknown method '${corr.method}'`, { file: f, field: "method" });
    }
    for (const [name, profile] of Object.entries(corr.profiles)) {
      profile.correlation_groups.forEach((g, gi) => {
        g.entities.forEach((e, ei) => {
          check(diag, f, `profiles.${name}.correlation_groups[${gi}].entities[${ei}].type`, e.type, [
            "inflow",
            "load",
            "ncs",
          ]);
        });
      });
    }
  }
}

/** Records an `InvalidEnum` error for every out-of-set string value. */
export function checkEnums(raw: RawCase, diag: Diagnostics): void {
  checkConfig(raw, diag);
  checkStages(raw, diag);
  checkOthers(raw, diag);
}
