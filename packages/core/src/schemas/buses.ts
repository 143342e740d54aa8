import { z } from "zod";
import { int, opt, schemaKey } from "./common";

/** One deficit tier; `depth_mw: null` (or absent) means unbounded. */
export const rawDeficitSegmentSchema = z.object({
  depth_mw: opt(z.number()),
  cost: z.number(),
});

const rawBusSchema = z.object({
  id: int(),
  name: z.string(),
  deficit_segments: opt(z.array(rawDeficitSegmentSchema)),
});

/** `system/buses.json`. */
export const busesFileSchema = z.object({ $schema: schemaKey, buses: z.array(rawBusSchema) });
export type RawBusesFile = z.infer<typeof busesFileSchema>;
export type RawBus = z.infer<typeof rawBusSchema>;
