/** `training/convergence.parquet`: one row per training iteration. 13 columns. */
import { defineSchema, f64, intCol } from "./column";

export const CONVERGENCE_SCHEMA = defineSchema("convergence", "training/convergence.parquet", [
  intCol("iteration", "Int32", "id", "Training iteration (1-based)"),
  f64("lower_bound", "$", "Lower bound after the iteration"),
  f64("upper_bound_mean", "$", "Mean forward-pass cost (statistical upper bound)"),
  f64("upper_bound_std", "$", "Standard deviation of the forward-pass costs"),
  f64("gap_percent", "%", "Relative bound gap in percent; null when undefined", { nullable: true }),
  intCol("cuts_added", "Int32", "count", "Cuts added by the backward pass"),
  intCol("cuts_removed", "Int32", "count", "Cuts deactivated by cut selection"),
  intCol("cuts_active", "Int64", "count", "Active cuts over all stages at iteration end"),
  intCol("time_forward_ms", "Int64", "ms", "Forward pass wall time"),
  intCol("time_backward_ms", "Int64", "ms", "Backward pass wall time"),
  intCol("time_total_ms", "Int64", "ms", "Iteration wall time"),
  intCol("forward_passes", "Int32", "count", "Forward trajectories evaluated"),
  intCol("lp_solves", "Int64", "count", "LP solves in the iteration"),
]);
