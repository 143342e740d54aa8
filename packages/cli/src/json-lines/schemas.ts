/**
 * The events of `cobre run --output-format json-lines`, one zod schema each: the
 * TypeScript types the writer emits are inferred from them, and `eventSchemas()` turns
 * them into the JSON Schemas that consumers (and `cobre schema export`) validate with.
 */
import { z } from "zod";

/** Numbers that may be undefined mid-run (a gap before any upper bound): JSON null then. */
const maybe = z.number().nullable();
const count = z.number().int().min(0);

const startedEvent = z
  .object({
    type: z.literal("started"),
    case: z.string().describe("Case directory as given on the command line"),
    stages: count,
    hydros: count,
    thermals: count,
    workers: z.number().int().min(1),
    timestamp: z.iso.datetime().describe("UTC start time, ISO 8601"),
    cobre_version: z.string(),
  })
  .strict()
  .describe("The case loaded and validated; training starts.");

const progressEvent = z
  .object({
    type: z.literal("progress"),
    iteration: z.number().int().min(1),
    lower_bound: maybe,
    upper_bound: maybe.describe("Mean forward-pass cost (statistical upper bound)"),
    upper_bound_std: maybe,
    ci_95: maybe.describe("Half-width of the 95% confidence interval of the upper bound"),
    gap: maybe.describe("Relative gap (fraction, not percent); null when undefined"),
    wall_time_ms: z.number().min(0).describe("Training wall time so far"),
    iteration_time_ms: z.number().min(0),
  })
  .strict()
  .describe("One training iteration finished.");

const simulationProgressEvent = z
  .object({
    type: z.literal("simulation_progress"),
    scenarios_complete: count,
    scenarios_total: count,
    elapsed_ms: z.number().min(0),
  })
  .strict()
  .describe("Simulation scenarios finished so far.");

const terminatedEvent = z
  .object({
    type: z.literal("terminated"),
    reason: z.string().describe("Stopping rule that ended training (iteration_limit, bound_stalling, shutdown, …)"),
    iterations: count,
    final_lb: maybe,
    final_ub: maybe,
    total_time_ms: z.number().min(0),
    total_cuts: count,
  })
  .strict()
  .describe("Training ended.");

const record = z.looseObject({
  kind: z.string(),
  message: z.string(),
  context: z.record(z.string(), z.unknown()).optional(),
  suggestion: z.string().optional(),
});

const resultEvent = z
  .object({
    type: z.literal("result"),
    $schema: z.literal("urn:cobre:response:v1"),
    command: z.string(),
    success: z.boolean(),
    exit_code: z.number().int(),
    cobre_version: z.string(),
    errors: z.array(record),
    warnings: z.array(record),
    data: z.unknown(),
    summary: z.unknown(),
  })
  .strict()
  .describe("The last line: the response envelope of `--output-format json`, with type result.");

/** Every event, by its `type`, in the order they can appear. */
const JSON_LINES_EVENTS = {
  started: startedEvent,
  progress: progressEvent,
  simulation_progress: simulationProgressEvent,
  terminated: terminatedEvent,
  result: resultEvent,
} as const;

export type JsonLinesEventType = keyof typeof JSON_LINES_EVENTS;
type StartedEvent = z.infer<typeof startedEvent>;
type ProgressEvent = z.infer<typeof progressEvent>;
type SimulationProgressEvent = z.infer<typeof simulationProgressEvent>;
type TerminatedEvent = z.infer<typeof terminatedEvent>;
type ResultEvent = z.infer<typeof resultEvent>;
export type JsonLinesEvent = StartedEvent | ProgressEvent | SimulationProgressEvent | TerminatedEvent | ResultEvent;

/** A JSON Schema document (draft 2020-12). */
export type JsonSchema = Record<string, unknown>;

/**
 * The JSON Schema (draft 2020-12) of each json-lines event, keyed by event type, each
 * with `$id` `urn:cobre:event:<type>:v1` and a title.
 *
 * @example
 * ```ts
 * for (const [type, schema] of Object.entries(eventSchemas()))
 *   writeFileSync(`event-${type}.schema.json`, JSON.stringify(schema, null, 2));
 * ```
 */
export function eventSchemas(): Record<JsonLinesEventType, JsonSchema> {
  const out = {} as Record<JsonLinesEventType, JsonSchema>;
  for (const [type, schema] of Object.entries(JSON_LINES_EVENTS) as [JsonLinesEventType, z.ZodType][]) {
    out[type] = {
      $id: `urn:cobre:event:${type}:v1`,
      title: `cobre run json-lines event: ${type}`,
      ...z.toJSONSchema(schema, { io: "output" }),
    };
  }
  return out;
}
