/** `simulation/non_controllables/`: one row per (stage, block, source). 10 columns. */
import { blockIdCol, defineSchema, f64, idCol, operativeStateCol, stageIdCol } from "./column";

const derived = { source: "derived" } as const;

export const NON_CONTROLLABLES_SCHEMA = defineSchema("non_controllables", "simulation/non_controllables/", [
  stageIdCol(),
  blockIdCol(),
  idCol("non_controllable_id", "Non-controllable source id"),
  f64("generation_mw", "MW", "Dispatched generation"),
  f64("generation_mwh", "MWh", "Energy generated over the block (derived)", derived),
  f64("available_mw", "MW", "Available generation before curtailment"),
  f64("curtailment_mw", "MW", "Curtailed generation", { source: "optional" }),
  f64("curtailment_mwh", "MWh", "Curtailed energy over the block (derived)", derived),
  f64("curtailment_cost", "$", "Curtailment penalty", { source: "optional" }),
  operativeStateCol(),
]);
