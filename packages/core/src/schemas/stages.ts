import { z } from "zod";
import { int, opt, schemaKey, uint } from "./common";

/** `"expectation"` (any string, per the format) or `{ "cvar": { alpha, lambda } }`. */
const rawRiskMeasureSchema = z.union([
  z.string(),
  z.object({ cvar: z.object({ alpha: z.number(), lambda: z.number() }) }),
]);

const rawStageSchema = z.object({
  id: int(),
  start_date: z.string(),
  end_date: z.string(),
  season_id: opt(uint()),
  blocks: z.array(z.object({ id: uint(), name: z.string(), hours: z.number() })),
  num_scenarios: uint(),
  block_mode: z.string().optional(),
  state_variables: opt(z.object({ storage: z.boolean().optional(), inflow_lags: z.boolean().optional() })),
  risk_measure: rawRiskMeasureSchema.optional(),
  sampling_method: z.string().optional(),
});

const rawSeasonSchema = z.object({
  id: uint(),
  label: z.string(),
  month_start: uint(),
  day_start: opt(uint()),
  month_end: opt(uint()),
  day_end: opt(uint()),
});

/** `stages.json`. */
export const stagesFileSchema = z.object({
  $schema: schemaKey,
  // Only detected, to reject the pre-0.4 layout with a migration hint.
  scenario_source: z.unknown().optional(),
  season_definitions: opt(z.object({ cycle_type: z.string(), seasons: z.array(rawSeasonSchema) })),
  pre_study_stages: z
    .array(z.object({ id: int(), start_date: z.string(), end_date: z.string(), season_id: opt(uint()) }))
    .optional(),
  stages: z.array(rawStageSchema),
  policy_graph: z.object({
    type: z.string(),
    annual_discount_rate: z.number(),
    transitions: z
      .array(
        z.object({
          source_id: int(),
          target_id: int(),
          probability: z.number(),
          annual_discount_rate_override: opt(z.number()),
        }),
      )
      .optional(),
  }),
});
export type RawStagesFile = z.infer<typeof stagesFileSchema>;
export type RawStage = z.infer<typeof rawStageSchema>;
