/**
 * Per-hydro production function assignment (`system/hydro_production_models.json`),
 * resolved to camelCase. Absent file = every hydro uses its `hydros.json` model.
 */
import type { HydroGenerationModel } from "./entities";

export interface FphaConfig {
  /** `precomputed`: planes from `fpha_hyperplanes.parquet`; `computed`: from `hydro_geometry.parquet`. */
  readonly source: "precomputed" | "computed";
  readonly volumeDiscretizationPoints: number | null;
  readonly turbineDiscretizationPoints: number | null;
  readonly spillageDiscretizationPoints: number | null;
  readonly maxPlanesPerHydro: number | null;
  readonly fittingWindow: {
    readonly volumeMinHm3: number | null;
    readonly volumeMaxHm3: number | null;
    readonly volumeMinPercentile: number | null;
    readonly volumeMaxPercentile: number | null;
  } | null;
}

/** The model chosen for a stage range or a season. */
export interface ProductionModelChoice {
  readonly model: HydroGenerationModel;
  readonly fphaConfig: FphaConfig | null;
  /** Replaces the entity's productivity (MW per m³/s); null = entity value. */
  readonly productivityOverride: number | null;
}

export interface StageRangeModel extends ProductionModelChoice {
  /** Inclusive. */
  readonly startStageId: number;
  /** Inclusive; null = until the end of the horizon. */
  readonly endStageId: number | null;
}

export type HydroProductionModel =
  | {
      readonly hydroId: number;
      readonly selectionMode: "stage_ranges";
      readonly stageRanges: readonly StageRangeModel[];
    }
  | {
      readonly hydroId: number;
      readonly selectionMode: "seasonal";
      readonly defaultModel: HydroGenerationModel;
      readonly seasons: readonly (ProductionModelChoice & { readonly seasonId: number })[];
    };
