import { z } from "zod";
import { int, opt, schemaKey, uint } from "./common";

const storageEntry = z.object({ hydro_id: int(), value_hm3: z.number() });

/** `initial_conditions.json`. */
export const initialConditionsFileSchema = z.object({
  $schema: schemaKey,
  storage: z.array(storageEntry),
  filling_storage: z.array(storageEntry),
  past_inflows: z
    .array(z.object({ hydro_id: int(), values_m3s: z.array(z.number()), season_ids: opt(z.array(uint())) }))
    .optional(),
  recent_observations: z
    .array(z.object({ hydro_id: int(), start_date: z.string(), end_date: z.string(), value_m3s: z.number() }))
    .optional(),
});
export type RawInitialConditionsFile = z.infer<typeof initialConditionsFileSchema>;
