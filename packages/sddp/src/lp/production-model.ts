/**
 * Which production function a hydro uses at a stage (`hydro_production_models.json`):
 * by stage range or by season, falling back to the plant's own `generation.model`.
 */
import type { Hydro, HydroGenerationModel, HydroProductionModel, ProductionModelChoice, Stage } from "@cobre/core";

export interface ResolvedProduction {
  readonly model: HydroGenerationModel;
  /** MW per m³/s for constant/linearised models (override applied); 0 for FPHA. */
  readonly productivity: number;
  readonly choice: ProductionModelChoice | null;
}

export function resolveProduction(
  hydro: Hydro,
  stage: Stage,
  models: readonly HydroProductionModel[],
): ResolvedProduction {
  const spec = models.find((m) => m.hydroId === hydro.id);
  let choice: ProductionModelChoice | null = null;
  if (spec?.selectionMode === "stage_ranges") {
    choice =
      spec.stageRanges.find((r) => stage.id >= r.startStageId && (r.endStageId === null || stage.id <= r.endStageId)) ??
      null;
  } else if (spec?.selectionMode === "seasonal") {
    choice = spec.seasons.find((s) => s.seasonId === stage.seasonId) ?? {
      model: spec.defaultModel,
      fphaConfig: null,
      productivityOverride: null,
    };
  }
  const model = choice?.model ?? hydro.generation.model;
  const productivity =
    model === "fpha" ? 0 : (choice?.productivityOverride ?? hydro.generation.productivityMwPerM3s ?? 0);
  return { model, productivity, choice };
}
