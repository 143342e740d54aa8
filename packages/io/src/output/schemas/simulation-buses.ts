/** `simulation/buses/`: load balance, one row per (stage, block, bus). 10 columns. */
import { blockIdCol, defineSchema, f64, idCol, stageIdCol } from "./column";

const derived = { source: "derived" } as const;

export const BUSES_SCHEMA = defineSchema("buses", "simulation/buses/", [
  stageIdCol(),
  blockIdCol(),
  idCol("bus_id", "Bus id"),
  f64("load_mw", "MW", "Load demand"),
  f64("load_mwh", "MWh", "Load energy over the block (derived)", derived),
  f64("deficit_mw", "MW", "Unserved load", { source: "optional" }),
  f64("deficit_mwh", "MWh", "Unserved energy over the block (derived)", derived),
  f64("excess_mw", "MW", "Excess generation", { source: "optional" }),
  f64("excess_mwh", "MWh", "Excess energy over the block (derived)", derived),
  f64("spot_price", "$/MWh", "Dual of the power balance (marginal price)"),
]);
