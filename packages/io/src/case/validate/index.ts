import type { ValidationReport } from "../../errors";
import { analyzeCase } from "../analyze";

/**
 * Validates a case directory through the five layers (structural, schema, referential,
 * dimensional, semantic) and reports every error and warning found. Never throws.
 *
 * @example
 * const report = await validate("examples/1dtoy");
 * if (!report.valid) for (const e of report.errors) console.log(e.kind, e.context.file, e.message);
 */
export async function validate(directory: string): Promise<ValidationReport> {
  return (await analyzeCase(directory)).report;
}
