/** `training/cut_selection/iterations.parquet`: one row per (iteration, stage) where selection ran. */
import { defineSchema, f64, idCol, intCol } from "./column";

const count = (name: string, description: string, nullable = false) =>
  intCol(name, "Int32", "count", description, { nullable });

export const CUT_SELECTION_SCHEMA = defineSchema("cut_selection", "training/cut_selection/iterations.parquet", [
  intCol("iteration", "Int32", "id", "Training iteration (1-based)"),
  idCol("stage", "Stage index (0-based)", { source: "input" }),
  count("cuts_populated", "Cut slots holding a cut (active or not)"),
  count("cuts_active_before", "Active cuts before selection"),
  count("cuts_deactivated", "Cuts deactivated by the selection strategy"),
  count("cuts_active_after", "Active cuts after selection"),
  f64("selection_time_ms", "ms", "Selection wall time"),
  count("budget_evicted", "Cuts evicted by the per-stage budget; null when off", true),
  count("active_after_budget", "Active cuts after the budget; null when off", true),
]);
