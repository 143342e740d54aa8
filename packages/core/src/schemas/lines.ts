import { z } from "zod";
import { int, opt, schemaKey } from "./common";

const rawLineSchema = z.object({
  id: int(),
  name: z.string(),
  source_bus_id: int(),
  target_bus_id: int(),
  entry_stage_id: opt(int()),
  exit_stage_id: opt(int()),
  capacity: z.object({ direct_mw: z.number(), reverse_mw: z.number() }),
  exchange_cost: opt(z.number()),
  losses_percent: z.number().optional(),
});

/** `system/lines.json`. */
export const linesFileSchema = z.object({ $schema: schemaKey, lines: z.array(rawLineSchema) });
export type RawLinesFile = z.infer<typeof linesFileSchema>;
export type RawLine = z.infer<typeof rawLineSchema>;
