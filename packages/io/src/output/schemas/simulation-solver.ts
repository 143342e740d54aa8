/**
 * `simulation/solver/`: the schemas of `training/solver/iterations.parquet` (19 columns)
 * and `training/solver/retry_histogram.parquet` (5 columns), as the book's output-format
 * reference defines them for the simulation: `phase = "simulation"` and the scenario id
 * in `iteration`; one iterations row per (scenario, stage), one histogram row per
 * (scenario, stage, retry level) with a positive count.
 */
import { defineSchema } from "./column";
import { RETRY_HISTOGRAM_SCHEMA, SOLVER_ITERATIONS_SCHEMA } from "./training-solver";

export const SIMULATION_SOLVER_ITERATIONS_SCHEMA = defineSchema(
  "simulation_solver_iterations",
  "simulation/solver/iterations.parquet",
  SOLVER_ITERATIONS_SCHEMA.columns,
);

export const SIMULATION_RETRY_HISTOGRAM_SCHEMA = defineSchema(
  "simulation_solver_retry_histogram",
  "simulation/solver/retry_histogram.parquet",
  RETRY_HISTOGRAM_SCHEMA.columns,
);
