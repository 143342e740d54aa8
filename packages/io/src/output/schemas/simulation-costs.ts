/** `simulation/costs/`: cost breakdown, one row per (stage, block). 26 columns. */
import { blockIdCol, defineSchema, f64, stageIdCol } from "./column";

const part = (name: string, description: string) => f64(name, "$", description, { source: "optional" });

export const COSTS_SCHEMA = defineSchema("costs", "simulation/costs/", [
  stageIdCol(),
  blockIdCol(),
  f64("total_cost", "$", "Discounted total cost of the stage/block"),
  f64("immediate_cost", "$", "Undiscounted immediate cost of the stage/block"),
  f64("future_cost", "$", "Future cost (cut approximation) at the end of the stage"),
  f64("discount_factor", "dimensionless", "Discount factor applied to the stage"),
  part("thermal_cost", "Thermal generation cost"),
  part("contract_cost", "Energy contract cost (imports positive, exports negative)"),
  part("deficit_cost", "Unserved load penalty"),
  part("excess_cost", "Excess generation penalty"),
  part("storage_violation_cost", "Storage bound violation penalty"),
  part("filling_target_cost", "Filling target miss penalty"),
  part("hydro_violation_cost", "Hydro operational bound violation penalty"),
  part("outflow_violation_below_cost", "Outflow below-minimum penalty"),
  part("outflow_violation_above_cost", "Outflow above-maximum penalty"),
  part("turbined_violation_cost", "Turbined flow bound violation penalty"),
  part("generation_violation_cost", "Generation bound violation penalty"),
  part("evaporation_violation_cost", "Evaporation violation penalty"),
  part("withdrawal_violation_cost", "Water withdrawal violation penalty"),
  part("inflow_penalty_cost", "Inflow non-negativity slack penalty"),
  part("generic_violation_cost", "Generic constraint violation penalty"),
  part("spillage_cost", "Spillage penalty"),
  part("fpha_turbined_cost", "FPHA turbined flow penalty"),
  part("curtailment_cost", "Non-controllable curtailment penalty"),
  part("exchange_cost", "Transmission exchange cost"),
  part("pumping_cost", "Pumping energy cost"),
]);
