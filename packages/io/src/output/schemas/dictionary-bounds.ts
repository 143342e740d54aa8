/** `training/dictionaries/bounds.parquet`: resolved bounds per entity and stage. 6 columns. */
import { codeCol, defineSchema, f64, idCol } from "./column";

export const BOUNDS_SCHEMA = defineSchema("bounds", "training/dictionaries/bounds.parquet", [
  codeCol("entity_type_code", "Entity type (codes.json entity_type)"),
  idCol("entity_id", "Entity id"),
  idCol("stage_id", "Stage index (0-based)"),
  codeCol("bound_type_code", "Bound type (codes.json bound_type)"),
  f64("lower_bound", "natural unit", "Resolved lower bound of the bounded quantity"),
  f64("upper_bound", "natural unit", "Resolved upper bound of the bounded quantity"),
]);
