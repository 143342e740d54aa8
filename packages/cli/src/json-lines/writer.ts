/**
 * Writing json-lines: one compact JSON object per line on stdout and nothing else there
 * (logs go to stderr), so a consumer can split on newlines and parse each line.
 */
import type { Envelope } from "../envelope";
import { type OutputFormat, printJson } from "../output";
import type { JsonLinesEvent } from "./schemas";

/** JSON has no Infinity or NaN; such values (an undefined gap) are written as null. */
export function finiteOrNull(v: number): number | null {
  return Number.isFinite(v) ? v : null;
}

/** Writes one event as one line on stdout. */
export function emitEvent(event: JsonLinesEvent): void {
  process.stdout.write(`${JSON.stringify(event)}\n`);
}

/** The closing `result` line: the envelope with `type: "result"` first. */
function emitResult(env: Envelope): void {
  // Spread into plain objects: the envelope records are interfaces, the event type an open record.
  emitEvent({
    type: "result",
    ...env,
    errors: env.errors.map((e) => ({ ...e })),
    warnings: env.warnings.map((w) => ({ ...w })),
  });
}

/**
 * Prints an envelope in a machine format: pretty JSON for `json`, a `result` line for
 * `json-lines`. Human output is the caller's business.
 */
export function printEnvelope(format: Exclude<OutputFormat, "human">, env: Envelope): void {
  if (format === "json-lines") emitResult(env);
  else printJson(env);
}
