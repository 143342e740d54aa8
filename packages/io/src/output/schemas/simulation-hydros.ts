/** `simulation/hydros/`: hydro dispatch, one row per (stage, block, hydro). 31 columns. */
import { blockIdCol, codeCol, defineSchema, f64, idCol, operativeStateCol, stageIdCol } from "./column";

const slack = (name: string, unit: string, description: string) => f64(name, unit, description, { source: "optional" });
const maybe = (name: string, unit: string, description: string) =>
  f64(name, unit, description, { source: "optional", nullable: true });

export const HYDROS_SCHEMA = defineSchema("hydros", "simulation/hydros/", [
  stageIdCol(),
  blockIdCol(),
  idCol("hydro_id", "Hydro plant id"),
  f64("turbined_m3s", "m3/s", "Turbined flow"),
  f64("spillage_m3s", "m3/s", "Spilled flow"),
  f64("outflow_m3s", "m3/s", "Total outflow: turbined + spilled (derived)", { source: "derived" }),
  maybe("evaporation_m3s", "m3/s", "Evaporation; null when not modelled"),
  maybe("diverted_inflow_m3s", "m3/s", "Diverted inflow received; null without diversion"),
  maybe("diverted_outflow_m3s", "m3/s", "Diverted outflow sent; null without diversion"),
  f64("incremental_inflow_m3s", "m3/s", "Natural incremental inflow"),
  f64("inflow_m3s", "m3/s", "Total inflow including upstream releases"),
  f64("storage_initial_hm3", "hm3", "Storage at the start of the stage"),
  f64("storage_final_hm3", "hm3", "Storage at the end of the stage"),
  f64("generation_mw", "MW", "Average generation over the block"),
  f64("generation_mwh", "MWh", "Energy generated over the block (derived)", { source: "derived" }),
  maybe("productivity_mw_per_m3s", "MW/(m3/s)", "Effective productivity; null when fixed"),
  slack("spillage_cost", "$", "Spillage penalty"),
  f64("water_value_per_hm3", "$/hm3", "Dual of the water balance"),
  codeCol("storage_binding_code", "Storage bound binding (codes.json storage_binding)", { source: "optional" }),
  operativeStateCol(),
  slack("turbined_slack_m3s", "m3/s", "Turbined flow slack"),
  slack("outflow_slack_below_m3s", "m3/s", "Outflow lower-bound slack"),
  slack("outflow_slack_above_m3s", "m3/s", "Outflow upper-bound slack"),
  slack("generation_slack_mw", "MW", "Generation bound slack"),
  slack("storage_violation_below_hm3", "hm3", "Storage below-minimum violation"),
  slack("filling_target_violation_hm3", "hm3", "Filling target miss"),
  slack("evaporation_violation_pos_m3s", "m3/s", "Evaporation over-target violation"),
  slack("evaporation_violation_neg_m3s", "m3/s", "Evaporation under-target violation"),
  slack("inflow_nonnegativity_slack_m3s", "m3/s", "Inflow non-negativity slack"),
  slack("water_withdrawal_violation_pos_m3s", "m3/s", "Withdrawal over-target violation"),
  slack("water_withdrawal_violation_neg_m3s", "m3/s", "Withdrawal under-target violation"),
]);
