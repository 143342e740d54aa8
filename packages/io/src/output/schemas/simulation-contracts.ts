/** `simulation/contracts/`: energy contracts, one row per (stage, block, contract). 8 columns. */
import { blockIdCol, defineSchema, f64, idCol, operativeStateCol, stageIdCol } from "./column";

export const CONTRACTS_SCHEMA = defineSchema("contracts", "simulation/contracts/", [
  stageIdCol(),
  blockIdCol(),
  idCol("contract_id", "Contract id"),
  f64("power_mw", "MW", "Contracted power (imports positive, exports negative)"),
  f64("energy_mwh", "MWh", "Contracted energy over the block (derived)", { source: "derived" }),
  f64("price_per_mwh", "$/MWh", "Contract price"),
  f64("total_cost", "$", "Contract cost of the block (imports positive)"),
  operativeStateCol(),
]);
