import { z } from "zod";
import { opt, schemaKey } from "./common";
import { rawDeficitSegmentSchema } from "./buses";

/** `penalties.json`: global defaults; all four sections required. */
export const penaltiesFileSchema = z.object({
  $schema: schemaKey,
  version: opt(z.string()),
  bus: z.object({ deficit_segments: z.array(rawDeficitSegmentSchema), excess_cost: z.number() }),
  line: z.object({ exchange_cost: z.number() }),
  hydro: z.object({
    spillage_cost: z.number(),
    fpha_turbined_cost: z.number(),
    diversion_cost: z.number(),
    storage_violation_below_cost: z.number(),
    filling_target_violation_cost: z.number(),
    turbined_violation_below_cost: z.number(),
    outflow_violation_below_cost: z.number(),
    outflow_violation_above_cost: z.number(),
    generation_violation_below_cost: z.number(),
    evaporation_violation_cost: z.number(),
    evaporation_violation_pos_cost: opt(z.number()),
    evaporation_violation_neg_cost: opt(z.number()),
    water_withdrawal_violation_cost: z.number(),
    water_withdrawal_violation_pos_cost: opt(z.number()),
    water_withdrawal_violation_neg_cost: opt(z.number()),
    inflow_nonnegativity_cost: opt(z.number()),
  }),
  non_controllable_source: z.object({ curtailment_cost: z.number() }),
});
export type RawPenaltiesFile = z.infer<typeof penaltiesFileSchema>;
