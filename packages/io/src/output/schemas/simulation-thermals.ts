/** `simulation/thermals/`: thermal dispatch, one row per (stage, block, thermal). 10 columns. */
import { blockIdCol, boolCol, defineSchema, f64, idCol, operativeStateCol, stageIdCol } from "./column";

export const THERMALS_SCHEMA = defineSchema("thermals", "simulation/thermals/", [
  stageIdCol(),
  blockIdCol(),
  idCol("thermal_id", "Thermal unit id"),
  f64("generation_mw", "MW", "Average generation over the block"),
  f64("generation_mwh", "MWh", "Energy generated over the block (derived)", { source: "derived" }),
  f64("generation_cost", "$", "Generation cost of the block"),
  boolCol("is_gnl", "Unit dispatched under GNL anticipation (derived from the system)", { source: "derived" }),
  f64("gnl_committed_mw", "MW", "GNL committed capacity; null for non-GNL units", {
    source: "optional",
    nullable: true,
  }),
  f64("gnl_decision_mw", "MW", "GNL dispatch decision; null for non-GNL units", {
    source: "optional",
    nullable: true,
  }),
  operativeStateCol(),
]);
