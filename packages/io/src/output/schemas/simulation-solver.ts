/**
 * `simulation/solver/iterations.parquet`: the schema of `training/solver/iterations.parquet`
 * (19 columns), one row per (scenario, stage) with `phase = "simulation"` and the
 * scenario id in `iteration`, as the book's output-format reference defines it.
 */
import { defineSchema } from "./column";
import { SOLVER_ITERATIONS_SCHEMA } from "./training-solver";

export const SIMULATION_SOLVER_ITERATIONS_SCHEMA = defineSchema(
  "simulation_solver_iterations",
  "simulation/solver/iterations.parquet",
  SOLVER_ITERATIONS_SCHEMA.columns,
);
