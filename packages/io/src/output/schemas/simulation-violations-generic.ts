/** `simulation/violations/generic/`: generic constraint slacks, one row per (stage, block, constraint). */
import { blockIdCol, defineSchema, f64, idCol, stageIdCol } from "./column";

export const GENERIC_VIOLATIONS_SCHEMA = defineSchema("violations/generic", "simulation/violations/generic/", [
  stageIdCol(),
  blockIdCol(),
  idCol("constraint_id", "Generic constraint id"),
  f64("slack_value", "constraint unit", "Violation magnitude; zero means none"),
  f64("slack_cost", "$", "Violation penalty"),
]);
