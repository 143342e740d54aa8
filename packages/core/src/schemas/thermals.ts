import { z } from "zod";
import { int, opt, schemaKey } from "./common";

const rawThermalSchema = z.object({
  id: int(),
  name: z.string(),
  bus_id: int(),
  cost_per_mwh: z.number(),
  entry_stage_id: opt(int()),
  exit_stage_id: opt(int()),
  generation: z.object({ min_mw: z.number(), max_mw: z.number() }),
  gnl_config: opt(z.object({ lag_stages: int() })),
});

/** `system/thermals.json`. */
export const thermalsFileSchema = z.object({ $schema: schemaKey, thermals: z.array(rawThermalSchema) });
export type RawThermalsFile = z.infer<typeof thermalsFileSchema>;
export type RawThermal = z.infer<typeof rawThermalSchema>;
