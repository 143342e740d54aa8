import { err, ok, type Case, type Result } from "@cobre/core";
import type { LoadError, ValidationRecord, ValidationReport } from "../errors";
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
  return (await loadCaseWithWarnings(directory)).result;
}

/**
 * {@link loadCase}, also returning the validation warnings of a valid case (`loadCase`
 * drops them; on failure they are in the `LoadError` too) — what a run reports before it
 * starts, as `cobre run` does.
 */
export async function loadCaseWithWarnings(
  directory: string,
): Promise<{ readonly result: Result<Case, LoadError>; readonly warnings: readonly ValidationRecord[] }> {
  const { report, case: loaded } = await analyzeCase(directory);
  return { result: toResult(directory, report, loaded), warnings: report.warnings };
}

function toResult(directory: string, report: ValidationReport, loaded: Case | null): Result<Case, LoadError> {
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
