/** `hydro_models/fpha_hyperplanes.parquet`: fitted FPHA planes, same columns as the input file. */
import { defineSchema, f64, idCol } from "./column";

export const FPHA_HYPERPLANES_SCHEMA = defineSchema("fpha_hyperplanes", "hydro_models/fpha_hyperplanes.parquet", [
  idCol("hydro_id", "Hydro plant id"),
  idCol("stage_id", "Stage the plane applies to; null = all stages", { nullable: true }),
  idCol("plane_id", "Plane index within the hydro (and stage)"),
  f64("gamma_0", "MW", "Intercept"),
  f64("gamma_v", "MW/hm3", "Storage coefficient"),
  f64("gamma_q", "MW/(m3/s)", "Turbined flow coefficient"),
  f64("gamma_s", "MW/(m3/s)", "Spillage coefficient"),
  f64("kappa", "dimensionless", "Correction factor; null = 1", { nullable: true }),
  f64("valid_v_min_hm3", "hm3", "Lower storage of the validity range", { nullable: true }),
  f64("valid_v_max_hm3", "hm3", "Upper storage of the validity range", { nullable: true }),
  f64("valid_q_max_m3s", "m3/s", "Upper turbined flow of the validity range", { nullable: true }),
]);
