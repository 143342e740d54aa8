import { z } from "zod";
import { int, opt, schemaKey } from "./common";

const generationBounds = {
  min_turbined_m3s: z.number(),
  max_turbined_m3s: z.number(),
  min_generation_mw: z.number(),
  max_generation_mw: z.number(),
};

/** Internally tagged on `model`; `fpha` carries no productivity. */
const rawHydroGenerationSchema = z.discriminatedUnion("model", [
  z.object({ model: z.literal("constant_productivity"), productivity_mw_per_m3s: z.number(), ...generationBounds }),
  z.object({ model: z.literal("linearized_head"), productivity_mw_per_m3s: z.number(), ...generationBounds }),
  z.object({ model: z.literal("fpha"), ...generationBounds }),
]);

const rawTailraceSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("polynomial"), coefficients: z.array(z.number()) }),
  z.object({
    type: z.literal("piecewise"),
    points: z.array(z.object({ outflow_m3s: z.number(), height_m: z.number() })),
  }),
]);

const rawHydraulicLossesSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("factor"), value: z.number() }),
  z.object({ type: z.literal("constant"), value_m: z.number() }),
]);

/** Entity-level overrides: every field optional, absent = global default. */
const rawHydroPenaltyOverridesSchema = z.object({
  spillage_cost: opt(z.number()),
  fpha_turbined_cost: opt(z.number()),
  diversion_cost: opt(z.number()),
  storage_violation_below_cost: opt(z.number()),
  filling_target_violation_cost: opt(z.number()),
  turbined_violation_below_cost: opt(z.number()),
  outflow_violation_below_cost: opt(z.number()),
  outflow_violation_above_cost: opt(z.number()),
  generation_violation_below_cost: opt(z.number()),
  evaporation_violation_cost: opt(z.number()),
  water_withdrawal_violation_cost: opt(z.number()),
  inflow_nonnegativity_cost: opt(z.number()),
  // Directional overrides documented by the Cobre book (not in the published JSON Schema).
  evaporation_violation_pos_cost: opt(z.number()),
  evaporation_violation_neg_cost: opt(z.number()),
  water_withdrawal_violation_pos_cost: opt(z.number()),
  water_withdrawal_violation_neg_cost: opt(z.number()),
});

const rawHydroSchema = z.object({
  id: int(),
  name: z.string(),
  bus_id: int(),
  downstream_id: opt(int()),
  entry_stage_id: opt(int()),
  exit_stage_id: opt(int()),
  reservoir: z.object({ min_storage_hm3: z.number(), max_storage_hm3: z.number() }),
  outflow: z.object({ min_outflow_m3s: z.number(), max_outflow_m3s: opt(z.number()) }),
  generation: rawHydroGenerationSchema,
  tailrace: opt(rawTailraceSchema),
  hydraulic_losses: opt(rawHydraulicLossesSchema),
  efficiency: opt(z.object({ type: z.literal("constant"), value: z.number() })),
  evaporation: opt(z.object({ coefficients_mm: z.array(z.number()), reference_volumes_hm3: opt(z.array(z.number())) })),
  diversion: opt(z.object({ downstream_id: int(), max_flow_m3s: z.number() })),
  filling: opt(z.object({ start_stage_id: int(), filling_inflow_m3s: z.number().optional() })),
  penalties: opt(rawHydroPenaltyOverridesSchema),
});

/** `system/hydros.json`. */
export const hydrosFileSchema = z.object({ $schema: schemaKey, hydros: z.array(rawHydroSchema) });
export type RawHydrosFile = z.infer<typeof hydrosFileSchema>;
export type RawHydro = z.infer<typeof rawHydroSchema>;
export type RawHydroPenaltyOverrides = z.infer<typeof rawHydroPenaltyOverridesSchema>;
