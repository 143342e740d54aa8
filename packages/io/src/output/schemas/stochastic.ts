/**
 * `stochastic/*.parquet` (`exports.stochastic`): the stochastic preprocessing artifacts,
 * each with exactly the columns and Arrow types of the case input file of the same name
 * (Cobre book, case-format.md), so that copying them into a case's `scenarios/` replays
 * the run's stochastic model. Not part of `ALL_SCHEMAS` (they are inputs, not results,
 * and have no row in `variables.csv`).
 */
import { defineSchema, f64, idCol, intCol } from "./column";

/** `stochastic/noise_openings.parquet`: the backward-pass opening tree. */
export const NOISE_OPENINGS_SCHEMA = defineSchema("noise_openings", "stochastic/noise_openings.parquet", [
  idCol("stage_id", "Stage index (0-based)"),
  intCol("opening_index", "UInt32", "id", "Opening index within the stage (0-based)"),
  intCol("entity_index", "UInt32", "id", "Entity index in the noise vector: hydros, then stochastic load buses"),
  f64("value", "dimensionless", "Noise realization of (stage, opening, entity)"),
]);

/** `stochastic/inflow_seasonal_stats.parquet`: seasonal mean and standard deviation of inflows. */
export const INFLOW_SEASONAL_STATS_SCHEMA = defineSchema(
  "inflow_seasonal_stats",
  "stochastic/inflow_seasonal_stats.parquet",
  [
    idCol("hydro_id", "Hydro plant id"),
    idCol("stage_id", "Stage id (pre-study stages are negative)"),
    f64("mean_m3s", "m3/s", "Seasonal mean inflow"),
    f64("std_m3s", "m3/s", "Seasonal standard deviation of inflow"),
  ],
);

/** `stochastic/inflow_ar_coefficients.parquet`: standardized PAR(p) coefficients. */
export const INFLOW_AR_COEFFICIENTS_SCHEMA = defineSchema(
  "inflow_ar_coefficients",
  "stochastic/inflow_ar_coefficients.parquet",
  [
    idCol("hydro_id", "Hydro plant id"),
    idCol("stage_id", "Stage id (pre-study stages are negative)"),
    intCol("lag", "Int32", "dimensionless", "Lag (1-based)"),
    f64("coefficient", "dimensionless", "Standardized AR coefficient of the lag"),
    f64("residual_std_ratio", "dimensionless", "Residual standard deviation over the seasonal one, in (0, 1]"),
  ],
);

/** `stochastic/inflow_annual_component.parquet`: the annual component of PAR(p)-A models. */
export const INFLOW_ANNUAL_COMPONENT_SCHEMA = defineSchema(
  "inflow_annual_component",
  "stochastic/inflow_annual_component.parquet",
  [
    idCol("hydro_id", "Hydro plant id"),
    idCol("stage_id", "Stage id (pre-study stages are negative)"),
    f64("annual_coefficient", "dimensionless", "Annual component coefficient"),
    f64("annual_mean_m3s", "m3/s", "Mean of the rolling 12-month average inflow"),
    f64("annual_std_m3s", "m3/s", "Standard deviation of the rolling 12-month average inflow"),
  ],
);

/** `stochastic/load_seasonal_stats.parquet`: seasonal mean and standard deviation of loads. */
export const LOAD_SEASONAL_STATS_SCHEMA = defineSchema(
  "load_seasonal_stats",
  "stochastic/load_seasonal_stats.parquet",
  [
    idCol("bus_id", "Bus id"),
    idCol("stage_id", "Stage id"),
    f64("mean_mw", "MW", "Seasonal mean load"),
    f64("std_mw", "MW", "Seasonal standard deviation of load"),
  ],
);

/** The Parquet files of `stochastic/`, in the order they are written. */
export const STOCHASTIC_SCHEMAS = [
  NOISE_OPENINGS_SCHEMA,
  INFLOW_SEASONAL_STATS_SCHEMA,
  INFLOW_AR_COEFFICIENTS_SCHEMA,
  INFLOW_ANNUAL_COMPONENT_SCHEMA,
  LOAD_SEASONAL_STATS_SCHEMA,
] as const;
