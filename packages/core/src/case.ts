/** `Case`: everything `loadCase` reads from a case directory, resolved and validated. */
import type { Config } from "./config";
import type { Constraints, FphaHyperplane, HydroGeometryPoint, Scenarios } from "./case-data";
import type { HydroProductionModel } from "./production-models";
import type { System } from "./system";

export interface Case {
  /** The directory the case was loaded from, as given. */
  readonly directory: string;
  readonly config: Config;
  readonly system: System;
  readonly scenarios: Scenarios;
  readonly constraints: Constraints;
  /** Sorted by hydro id; empty when `hydro_production_models.json` is absent. */
  readonly productionModels: readonly HydroProductionModel[];
  /** Sorted by (hydro id, stage id with null first, plane id). */
  readonly fphaHyperplanes: readonly FphaHyperplane[];
  /** Sorted by (hydro id, volume). */
  readonly hydroGeometry: readonly HydroGeometryPoint[];
}
