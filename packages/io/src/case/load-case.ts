import { err, ok, type Case, type Result } from "@cobre/core";
import type { LoadError } from "../errors";
import { analyzeCase } from "./analyze";

/**
 * Loads a Cobre case directory: validates it and returns the resolved `Case` (entities
 * sorted by id, penalties merged with `penalties.json`, config defaults applied), or a
 * `LoadError` listing every validation error. Never throws for bad input.
 *
 * @example
 * const result = await loadCase("examples/1dtoy");
 * if (result.ok) console.log(result.value.system.hydros.length);
 */
export async function loadCase(directory: string): Promise<Result<Case, LoadError>> {
  const { report, case: loaded } = await analyzeCase(directory);
  if (report.valid && loaded !== null) return ok(loaded);
  const first = report.errors[0];
  return err({
    kind: "InvalidCase",
    message: `case ${directory} is invalid: ${report.errors.length} error(s)${first ? `; first: ${first.message}` : ""}`,
    directory,
    errors: report.errors,
    warnings: report.warnings,
  });
}
