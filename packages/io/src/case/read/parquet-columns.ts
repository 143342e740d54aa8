/**
 * Column specs of every Parquet file of the case format (Cobre book, case-format.md).
 * `required` columns must exist; `nullable: false` columns must hold no nulls. Reference
 * cases write some required columns as nullable Arrow fields, so only values are checked.
 */
type ColumnType = "int" | "float" | "date";

export interface ColumnSpec {
  readonly name: string;
  readonly type: ColumnType;
  readonly required: boolean;
  readonly nullable: boolean;
}

const req = (name: string, type: ColumnType): ColumnSpec => ({ name, type, required: true, nullable: false });
const optional = (name: string, type: ColumnType = "float"): ColumnSpec => ({
  name,
  type,
  required: false,
  nullable: true,
});
/** A column that must exist but whose values may be null (e.g. `stage_id` of FPHA planes). */
const reqNullable = (name: string, type: ColumnType): ColumnSpec => ({ name, type, required: true, nullable: true });

const HYDRO_PENALTY_COLUMNS = [
  "spillage_cost",
  "fpha_turbined_cost",
  "diversion_cost",
  "storage_violation_below_cost",
  "filling_target_violation_cost",
  "turbined_violation_below_cost",
  "outflow_violation_below_cost",
  "outflow_violation_above_cost",
  "generation_violation_below_cost",
  "evaporation_violation_cost",
  "water_withdrawal_violation_cost",
] as const;

export const PARQUET_COLUMNS = {
  "system/hydro_geometry.parquet": [
    req("hydro_id", "int"),
    req("volume_hm3", "float"),
    req("height_m", "float"),
    req("area_km2", "float"),
  ],
  "system/fpha_hyperplanes.parquet": [
    req("hydro_id", "int"),
    optional("stage_id", "int"),
    req("plane_id", "int"),
    req("gamma_0", "float"),
    req("gamma_v", "float"),
    req("gamma_q", "float"),
    req("gamma_s", "float"),
    optional("kappa"),
    optional("valid_v_min_hm3"),
    optional("valid_v_max_hm3"),
    optional("valid_q_max_m3s"),
  ],
  "scenarios/inflow_history.parquet": [req("hydro_id", "int"), req("date", "date"), req("value_m3s", "float")],
  "scenarios/inflow_seasonal_stats.parquet": [
    req("hydro_id", "int"),
    req("stage_id", "int"),
    req("mean_m3s", "float"),
    req("std_m3s", "float"),
  ],
  "scenarios/inflow_ar_coefficients.parquet": [
    req("hydro_id", "int"),
    req("stage_id", "int"),
    req("lag", "int"),
    req("coefficient", "float"),
    optional("residual_std_ratio"),
  ],
  "scenarios/inflow_annual_component.parquet": [
    req("hydro_id", "int"),
    req("stage_id", "int"),
    req("annual_coefficient", "float"),
    req("annual_mean_m3s", "float"),
    req("annual_std_m3s", "float"),
  ],
  "scenarios/external_inflow_scenarios.parquet": [
    req("hydro_id", "int"),
    req("stage_id", "int"),
    req("scenario_id", "int"),
    req("value_m3s", "float"),
  ],
  "scenarios/external_load_scenarios.parquet": [
    req("bus_id", "int"),
    req("stage_id", "int"),
    req("scenario_id", "int"),
    req("value_mw", "float"),
  ],
  "scenarios/external_ncs_scenarios.parquet": [
    req("ncs_id", "int"),
    req("stage_id", "int"),
    req("scenario_id", "int"),
    req("value", "float"),
  ],
  "scenarios/load_seasonal_stats.parquet": [
    req("bus_id", "int"),
    req("stage_id", "int"),
    req("mean_mw", "float"),
    req("std_mw", "float"),
  ],
  "scenarios/non_controllable_stats.parquet": [
    req("ncs_id", "int"),
    req("stage_id", "int"),
    req("mean", "float"),
    req("std", "float"),
  ],
  "scenarios/noise_openings.parquet": [
    req("stage_id", "int"),
    req("opening_index", "int"),
    req("entity_index", "int"),
    req("value", "float"),
  ],
  "constraints/thermal_bounds.parquet": [
    req("thermal_id", "int"),
    req("stage_id", "int"),
    optional("min_generation_mw"),
    optional("max_generation_mw"),
    optional("cost_per_mwh"),
  ],
  "constraints/hydro_bounds.parquet": [
    req("hydro_id", "int"),
    req("stage_id", "int"),
    ...[
      "min_turbined_m3s",
      "max_turbined_m3s",
      "min_storage_hm3",
      "max_storage_hm3",
      "min_outflow_m3s",
      "max_outflow_m3s",
      "min_generation_mw",
      "max_generation_mw",
      "max_diversion_m3s",
      "filling_inflow_m3s",
      "water_withdrawal_m3s",
    ].map((c) => optional(c)),
  ],
  "constraints/line_bounds.parquet": [
    req("line_id", "int"),
    req("stage_id", "int"),
    optional("direct_mw"),
    optional("reverse_mw"),
  ],
  "constraints/pumping_bounds.parquet": [
    req("station_id", "int"),
    req("stage_id", "int"),
    optional("min_m3s"),
    optional("max_m3s"),
  ],
  "constraints/contract_bounds.parquet": [
    req("contract_id", "int"),
    req("stage_id", "int"),
    optional("min_mw"),
    optional("max_mw"),
    optional("price_per_mwh"),
  ],
  "constraints/ncs_bounds.parquet": [
    req("ncs_id", "int"),
    req("stage_id", "int"),
    req("available_generation_mw", "float"),
  ],
  "constraints/generic_constraint_bounds.parquet": [
    req("constraint_id", "int"),
    req("stage_id", "int"),
    reqNullable("block_id", "int"),
    req("bound", "float"),
  ],
  "constraints/penalty_overrides_bus.parquet": [req("bus_id", "int"), req("stage_id", "int"), optional("excess_cost")],
  "constraints/penalty_overrides_line.parquet": [
    req("line_id", "int"),
    req("stage_id", "int"),
    optional("exchange_cost"),
  ],
  "constraints/penalty_overrides_hydro.parquet": [
    req("hydro_id", "int"),
    req("stage_id", "int"),
    ...HYDRO_PENALTY_COLUMNS.map((c) => optional(c)),
  ],
  "constraints/penalty_overrides_ncs.parquet": [
    req("source_id", "int"),
    req("stage_id", "int"),
    optional("curtailment_cost"),
  ],
} as const satisfies Record<string, readonly ColumnSpec[]>;

export type ParquetFile = keyof typeof PARQUET_COLUMNS;
export { HYDRO_PENALTY_COLUMNS };
