/**
 * Layer 5, settings rules: mandatory training fields, compatible options across
 * config.json and the files present, stage parameters in range, production models.
 */
import type { Diagnostics } from "../../diagnostics";
import type { RawCase } from "../../read/raw-case";

function checkConfig(raw: RawCase, diag: Diagnostics): void {
  const c = raw.json.config;
  if (!c) return;
  const f = "config.json";
  const t = c.training;
  if (t.forward_passes === null || t.forward_passes === undefined) {
    diag.error(
      "SchemaViolation",
      `${f}: training.forward_passes is required`,
      { file: f, field: "training.forward_passes" },
      "set the number of forward passes per iteration (>= 1)",
    );
  } else if (t.forward_passes < 1) {
    diag.error("OutOfRange", `${f}: training.forward_passes must be >= 1`, {
      file: f,
      field: "training.forward_passes",
    });
  }
  const rules = t.stopping_rules ?? [];
  if (!rules.some((r) => r.type === "iteration_limit")) {
    diag.error(
      "IncompatibleSettings",
      `${f}: training.stopping_rules must include an iteration_limit rule`,
      { file: f, field: "training.stopping_rules" },
      'add { "type": "iteration_limit", "limit": 100 }',
    );
  }
  rules.forEach((r, i) => {
    if (r.type === "time_limit" && !(r.seconds > 0))
      diag.error("OutOfRange", `${f}: time_limit seconds must be > 0`, {
        file: f,
        field: `training.stopping_rules[${i}].seconds`,
      });
    if (r.type === "bound_stalling" && !(r.tolerance >= 0))
      diag.error("OutOfRange", `${f}: bound_stalling tolerance must be >= 0`, {
        file: f,
        field: `training.stopping_rules[${i}].tolerance`,
      });
  });
  if (t.tree_seed === null || t.tree_seed === undefined) {
    diag.warn(
      "DefaultApplied",
      `${f}: no training.tree_seed; using the default seed 42`,
      { file: f, field: "training.tree_seed" },
      "set training.tree_seed for an intentional, reproducible seed",
    );
  }
  if (c.estimation?.order_selection === "fixed") {
    diag.warn(
      "DeprecatedOption",
      `${f}: estimation.order_selection "fixed" is deprecated; treated as "pacf"`,
      { file: f, field: "estimation.order_selection" },
      'write "pacf" (or "pacf_annual")',
    );
  }
  if (t.cut_selection?.threshold !== null && t.cut_selection?.threshold !== undefined) {
    // Cobre deprecates the generic threshold (warning on any value) and reads it per method, as we do.
    diag.warn(
      "DeprecatedOption",
      `${f}: training.cut_selection.threshold is deprecated; it is level1's activity threshold and lml1's window when memory_window is absent`,
      { file: f, field: "training.cut_selection.threshold" },
      'use memory_window for "lml1" and domination_epsilon for "domination"',
    );
  }
  if (t.cut_selection?.enabled && !t.cut_selection.method) {
    diag.error(
      "IncompatibleSettings",
      `${f}: cut selection is enabled without a method`,
      { file: f, field: "training.cut_selection.method" },
      'set method to "level1", "lml1" or "domination"',
    );
  }
  const budget = t.solver?.retry_time_budget_seconds;
  if (budget !== undefined && !(budget >= 0)) {
    // 0 is meaningful (no retry level starts); a negative budget is not.
    diag.error("OutOfRange", `${f}: training.solver.retry_time_budget_seconds must be >= 0`, {
      file: f,
      field: "training.solver.retry_time_budget_seconds",
    });
  }
  const inn = c.modeling?.inflow_non_negativity;
  if (inn?.penalty_cost !== undefined && !(inn.penalty_cost > 0)) {
    diag.error("PenaltyConsistency", `${f}: modeling.inflow_non_negativity.penalty_cost must be > 0`, {
      file: f,
      field: "modeling.inflow_non_negativity.penalty_cost",
    });
  }
  const files: Record<string, string> = {
    inflow: "scenarios/external_inflow_scenarios.parquet",
    load: "scenarios/external_load_scenarios.parquet",
    ncs: "scenarios/external_ncs_scenarios.parquet",
  };
  for (const [section, src] of [
    ["training", t.scenario_source],
    ["simulation", c.simulation?.scenario_source],
  ] as const) {
    for (const cls of ["inflow", "load", "ncs"] as const) {
      const scheme = src?.[cls]?.scheme;
      const field = `${section}.scenario_source.${cls}.scheme`;
      if (scheme === "external" && !raw.present.has(files[cls] ?? "")) {
        diag.error(
          "IncompatibleSettings",
          `${f}: ${field} is "external" but ${files[cls]} is absent`,
          { file: f, field },
          `provide ${files[cls]}`,
        );
      }
      if (scheme === "historical" && cls === "inflow" && !raw.present.has("scenarios/inflow_history.parquet")) {
        diag.error(
          "IncompatibleSettings",
          `${f}: ${field} is "historical" but scenarios/inflow_history.parquet is absent`,
          { file: f, field },
        );
      }
    }
  }
  if (c.simulation?.policy_type === "inner" && !c.upper_bound_evaluation?.enabled) {
    diag.error("IncompatibleSettings", `${f}: simulation.policy_type "inner" needs upper_bound_evaluation.enabled`, {
      file: f,
      field: "simulation.policy_type",
    });
  }
}

function checkStages(raw: RawCase, diag: Diagnostics): void {
  const s = raw.json.stages;
  if (!s) return;
  const f = "stages.json";
  s.stages.forEach((st, i) => {
    const ctx = (field: string) => ({ file: f, field: `stages[${i}].${field}`, entity_id: st.id, stage_id: st.id });
    if (st.num_scenarios < 1)
      diag.error("OutOfRange", `${f}: stage ${st.id} num_scenarios must be >= 1`, ctx("num_scenarios"));
    st.blocks.forEach((b, k) => {
      if (!(b.hours > 0))
        diag.error("OutOfRange", `${f}: stage ${st.id} block ${b.id} hours must be > 0`, ctx(`blocks[${k}].hours`));
    });
    const rm = st.risk_measure;
    if (rm && typeof rm === "object") {
      if (!(rm.cvar.alpha > 0 && rm.cvar.alpha <= 1))
        diag.error("OutOfRange", `${f}: stage ${st.id} CVaR alpha must be in (0, 1]`, ctx("risk_measure.cvar.alpha"));
      if (!(rm.cvar.lambda >= 0 && rm.cvar.lambda <= 1))
        diag.error("OutOfRange", `${f}: stage ${st.id} CVaR lambda must be in [0, 1]`, ctx("risk_measure.cvar.lambda"));
    }
  });
  if (!(s.policy_graph.annual_discount_rate >= 0)) {
    diag.error("OutOfRange", `${f}: policy_graph.annual_discount_rate must be >= 0`, {
      file: f,
      field: "policy_graph.annual_discount_rate",
    });
  }
  const sums = new Map<number, number>();
  s.policy_graph.transitions?.forEach((t, i) => {
    if (!(t.probability >= 0 && t.probability <= 1))
      diag.error("OutOfRange", `${f}: transition ${i} probability must be in [0, 1]`, {
        file: f,
        field: `policy_graph.transitions[${i}].probability`,
      });
    sums.set(t.source_id, (sums.get(t.source_id) ?? 0) + t.probability);
  });
  for (const [source, sum] of sums) {
    if (Math.abs(sum - 1) > 1e-9 && s.policy_graph.type === "cyclic") {
      diag.error("PhysicalConstraint", `${f}: transition probabilities out of stage ${source} sum to ${sum}, not 1`, {
        file: f,
        field: "policy_graph.transitions",
        stage_id: source,
      });
    } else if (sum > 1 + 1e-9) {
      diag.error("PhysicalConstraint", `${f}: transition probabilities out of stage ${source} sum to ${sum} > 1`, {
        file: f,
        field: "policy_graph.transitions",
        stage_id: source,
      });
    }
  }
  const sd = s.season_definitions;
  sd?.seasons.forEach((se, i) => {
    if (!(se.month_start >= 1 && se.month_start <= 12))
      diag.error("OutOfRange", `${f}: season ${se.id} month_start must be in 1..12`, {
        file: f,
        field: `season_definitions.seasons[${i}].month_start`,
        entity_id: se.id,
      });
    if (sd.cycle_type === "custom" && (se.day_start == null || se.month_end == null || se.day_end == null)) {
      diag.error("SchemaViolation", `${f}: custom season ${se.id} needs day_start, month_end and day_end`, {
        file: f,
        field: `season_definitions.seasons[${i}]`,
        entity_id: se.id,
      });
    }
  });
}

function checkProductionModels(raw: RawCase, diag: Diagnostics): void {
  const f = "system/hydro_production_models.json";
  raw.json.productionModels?.production_models.forEach((m, i) => {
    const choices =
      m.selection_mode === "stage_ranges"
        ? m.stage_ranges.map((r, k) => ({ r, at: `production_models[${i}].stage_ranges[${k}]` }))
        : m.seasons.map((r, k) => ({ r, at: `production_models[${i}].seasons[${k}]` }));
    for (const { r, at } of choices) {
      const ctx = (field: string) => ({ file: f, field: `${at}.${field}`, entity_id: m.hydro_id });
      if (r.model === "fpha" && !r.fpha_config)
        diag.error(
          "IncompatibleSettings",
          `${f}: hydro ${m.hydro_id} uses fpha without fpha_config`,
          ctx("fpha_config"),
          'add "fpha_config": { "source": "precomputed" | "computed" }',
        );
      if (r.productivity_override != null) {
        if (r.model === "fpha")
          diag.error(
            "IncompatibleSettings",
            `${f}: productivity_override is not allowed with fpha`,
            ctx("productivity_override"),
          );
        else if (!(r.productivity_override > 0))
          diag.error("OutOfRange", `${f}: productivity_override must be > 0`, ctx("productivity_override"));
      }
      const w = r.fpha_config?.fitting_window;
      if (
        w &&
        (w.volume_min_hm3 != null || w.volume_max_hm3 != null) &&
        (w.volume_min_percentile != null || w.volume_max_percentile != null)
      ) {
        diag.error(
          "IncompatibleSettings",
          `${f}: fitting_window mixes absolute and percentile bounds`,
          ctx("fpha_config.fitting_window"),
        );
      }
    }
    if (m.selection_mode === "stage_ranges") {
      m.stage_ranges.forEach((r, k) => {
        const at = `production_models[${i}].stage_ranges[${k}]`;
        if (r.end_stage_id != null && r.end_stage_id < r.start_stage_id) {
          diag.error("StageMismatch", `${f}: hydro ${m.hydro_id} range ${k} ends before it starts`, {
            file: f,
            field: `${at}.end_stage_id`,
            entity_id: m.hydro_id,
          });
        }
        const prev = m.stage_ranges[k - 1];
        if (prev && (prev.end_stage_id == null || prev.end_stage_id >= r.start_stage_id)) {
          diag.error("StageMismatch", `${f}: hydro ${m.hydro_id} stage ranges ${k - 1} and ${k} overlap`, {
            file: f,
            field: `${at}.start_stage_id`,
            entity_id: m.hydro_id,
          });
        }
      });
    }
  });
}

/** Runs the settings rules of layer 5. */
export function checkSettingsSemantics(raw: RawCase, diag: Diagnostics): void {
  checkConfig(raw, diag);
  checkStages(raw, diag);
  checkProductionModels(raw, diag);
}
