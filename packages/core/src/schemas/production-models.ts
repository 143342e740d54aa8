import { z } from "zod";
import { int, opt, schemaKey } from "./common";

const rawFphaConfigSchema = z.object({
  source: z.string(),
  volume_discretization_points: opt(int()),
  turbine_discretization_points: opt(int()),
  spillage_discretization_points: opt(int()),
  max_planes_per_hydro: opt(int()),
  fitting_window: opt(
    z.object({
      volume_min_hm3: opt(z.number()),
      volume_max_hm3: opt(z.number()),
      volume_min_percentile: opt(z.number()),
      volume_max_percentile: opt(z.number()),
    }),
  ),
});

const modelChoice = {
  model: z.string(),
  fpha_config: opt(rawFphaConfigSchema),
  productivity_override: opt(z.number()),
};

/** One hydro's model assignment, discriminated by `selection_mode`. */
const rawProductionModelSchema = z.discriminatedUnion("selection_mode", [
  z.object({
    hydro_id: int(),
    selection_mode: z.literal("stage_ranges"),
    stage_ranges: z.array(z.object({ start_stage_id: int(), end_stage_id: opt(int()), ...modelChoice })),
  }),
  z.object({
    hydro_id: int(),
    selection_mode: z.literal("seasonal"),
    default_model: z.string(),
    seasons: z.array(z.object({ season_id: int(), ...modelChoice })),
  }),
]);

/** `system/hydro_production_models.json`. */
export const productionModelsFileSchema = z.object({
  $schema: schemaKey,
  production_models: z.array(rawProductionModelSchema),
});
export type RawProductionModelsFile = z.infer<typeof productionModelsFileSchema>;
export type RawProductionModel = z.infer<typeof rawProductionModelSchema>;
export type RawFphaConfig = z.infer<typeof rawFphaConfigSchema>;
