/** `simulation/inflow_lags/`: AR lag states, one row per (stage, hydro, lag). 4 columns, no block. */
import { defineSchema, f64, idCol, stageIdCol } from "./column";

export const INFLOW_LAGS_SCHEMA = defineSchema("inflow_lags", "simulation/inflow_lags/", [
  stageIdCol(),
  idCol("hydro_id", "Hydro plant id"),
  idCol("lag_index", "Autoregressive lag order (1-based)"),
  f64("inflow_m3s", "m3/s", "Inflow value of this lag"),
]);
