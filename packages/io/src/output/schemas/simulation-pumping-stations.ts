/** `simulation/pumping_stations/`: one row per (stage, block, station). 9 columns. */
import { blockIdCol, defineSchema, f64, idCol, operativeStateCol, stageIdCol } from "./column";

export const PUMPING_STATIONS_SCHEMA = defineSchema("pumping_stations", "simulation/pumping_stations/", [
  stageIdCol(),
  blockIdCol(),
  idCol("pumping_station_id", "Pumping station id"),
  f64("pumped_flow_m3s", "m3/s", "Pumped flow"),
  f64("pumped_volume_hm3", "hm3", "Pumped volume over the block: flow × hours × 0.0036 (derived)", {
    source: "derived",
  }),
  f64("power_consumption_mw", "MW", "Power consumed"),
  f64("energy_consumption_mwh", "MWh", "Energy consumed over the block (derived)", { source: "derived" }),
  f64("pumping_cost", "$", "Pumping energy cost", { source: "optional" }),
  operativeStateCol(),
]);
