/**
 * Runs the five validation layers in order and, when the case is valid, resolves it.
 * Layers 3–5 need every file schema-valid, so they run only after a clean layer 2;
 * each layer reports every problem it finds.
 */
import type { Case } from "@cobre/core";
import type { ValidationLayer, ValidationReport } from "../errors";
import { Diagnostics } from "./diagnostics";
import { checkDimensions } from "./validate/dimensional/dimensional";
import { checkReferences } from "./validate/referential/referential";
import { checkSemantics } from "./validate/semantic/semantic";
import { checkStructure, readCase } from "./read/read-case";
import { resolveCase } from "./resolve/resolve-case";

export interface Analysis {
  readonly report: ValidationReport;
  readonly case: Case | null;
}

function report(diag: Diagnostics, layers: ValidationLayer[]): ValidationReport {
  return {
    valid: diag.errors.length === 0,
    errors: diag.errors,
    warnings: diag.warnings,
    layersCompleted: layers,
  };
}

/** Never throws for bad input: unexpected failures become a `ParseError` record. */
export async function analyzeCase(directory: string): Promise<Analysis> {
  const diag = new Diagnostics();
  const layers: ValidationLayer[] = [];
  try {
    const present = await checkStructure(directory, diag);
    if (present === null) return { report: report(diag, layers), case: null };
    layers.push("structural");
    const raw = await readCase(directory, present, diag);
    if (diag.errorCount > 0) return { report: report(diag, layers), case: null };
    layers.push("schema");
    checkReferences(raw, diag);
    layers.push("referential");
    checkDimensions(raw, diag);
    layers.push("dimensional");
    checkSemantics(raw, diag);
    layers.push("semantic");
    if (diag.errorCount > 0) return { report: report(diag, layers), case: null };
    return { report: report(diag, layers), case: resolveCase(raw) };
  } catch (e) {
    diag.error(
      "ParseError",
      `unexpected failure while reading the case: ${e instanceof Error ? e.message : String(e)}`,
      {
        file: ".",
      },
    );
    return { report: report(diag, layers), case: null };
  }
}
