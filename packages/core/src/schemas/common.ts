/**
 * Shared zod building blocks for the raw (on-disk, snake_case) schemas. They mirror the
 * JSON Schemas published with the Cobre format: `["integer","null"]` not in `required`
 * becomes `.nullable().optional()`, and so on.
 */
import { z } from "zod";

/** An `integer` of the JSON Schemas (`format: int32`). */
export const int = () => z.number().int();
/** A non-negative `integer` (`minimum: 0`). */
export const uint = () => z.number().int().min(0);
/** An optional, nullable field: `type: [T, "null"]`, not required. */
export const opt = <T extends z.ZodType>(schema: T) => schema.nullable().optional();
/** The informational `$schema` key every file may carry. */
export const schemaKey = opt(z.string());
