/**
 * `training/solver/`: LP solver statistics. `iterations.parquet` (19 columns) and the
 * sparse `retry_histogram.parquet` (5 columns).
 */
import { defineSchema, f64, idCol, intCol, utf8Col } from "./column";

const u32 = (name: string, description: string) => intCol(name, "UInt32", "count", description);

export const SOLVER_ITERATIONS_SCHEMA = defineSchema("solver_iterations", "training/solver/iterations.parquet", [
  intCol("iteration", "UInt32", "id", "Training iteration (1-based) or simulation scenario id"),
  utf8Col("phase", "forward, backward, lower_bound or simulation"),
  idCol("stage", "Stage index (0-based)", { source: "input" }),
  idCol("opening", "Opening index (backward rows only)", { source: "input", nullable: true }),
  idCol("rank", "Worker rank; null when aggregated", { source: "input", nullable: true }),
  idCol("worker_id", "Thread index within the rank; null when aggregated", { source: "input", nullable: true }),
  u32("lp_solves", "LP solves in the bucket"),
  u32("lp_successes", "Solves that returned optimal"),
  u32("lp_retries", "Solves needing at least one retry"),
  u32("lp_failures", "Solves failing after all retries"),
  u32("retry_attempts", "Retry attempts in total"),
  u32("basis_offered", "Warm-start attempts"),
  u32("basis_consistency_failures", "Warm starts rejected as inconsistent"),
  intCol("simplex_iterations", "UInt64", "count", "Simplex (or IPM) iterations"),
  f64("solve_time_ms", "ms", "Cumulative solve time"),
  f64("load_model_time_ms", "ms", "Cumulative model load time"),
  f64("set_bounds_time_ms", "ms", "Cumulative bound update time"),
  f64("basis_set_time_ms", "ms", "Cumulative basis installation time"),
  intCol("basis_reconstructions", "UInt64", "count", "Basis reconstructions from a stored basis"),
]);

export const RETRY_HISTOGRAM_SCHEMA = defineSchema(
  "solver_retry_histogram",
  "training/solver/retry_histogram.parquet",
  [
    intCol("iteration", "UInt32", "id", "Training iteration (1-based) or simulation scenario id"),
    utf8Col("phase", "forward, backward, lower_bound or simulation"),
    idCol("stage", "Stage index (0-based)", { source: "input" }),
    intCol("retry_level", "UInt32", "code", "Retry escalation level"),
    intCol("count", "UInt64", "count", "Solves recovered at this level"),
  ],
);
