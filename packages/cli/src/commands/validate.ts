/** `cobre validate <CASE_DIR>`: runs the five validation layers and reports every finding. */
import { validate } from "@cobre/io";
import { requireCaseDir } from "../case-dir";
import { envelope } from "../envelope";
import { ExitCode } from "../exit-codes";
import { type OutputFormat, printJson, style } from "../output";

export async function validateCommand(caseDir: string, format: OutputFormat): Promise<number> {
  const missing = await requireCaseDir("validate", caseDir, format);
  if (missing !== null) return missing;
  const report = await validate(caseDir);
  const code = report.valid ? ExitCode.Success : ExitCode.Validation;
  if (format === "json") {
    printJson(
      envelope(
        "validate",
        code,
        { valid: report.valid, layers_completed: report.layersCompleted },
        report.errors,
        report.warnings,
      ),
    );
    return code;
  }
  for (const e of report.errors) {
    const where = [
      e.context.file,
      e.context.field,
      e.context.entity_id === undefined ? undefined : `id ${e.context.entity_id}`,
    ]
      .filter((x) => x !== undefined)
      .join(" · ");
    process.stdout.write(`${style.red("error")} [${e.kind}] ${e.message}\n  ${style.dim(where)}\n`);
    if (e.suggestion !== undefined) process.stdout.write(`  ${style.dim(`hint: ${e.suggestion}`)}\n`);
  }
  for (const w of report.warnings) process.stdout.write(`${style.yellow("warning")} [${w.kind}] ${w.message}\n`);
  const layers = report.layersCompleted.join(", ");
  if (report.valid) process.stdout.write(`${style.green("✓")} ${caseDir} is valid (layers: ${layers})\n`);
  else
    process.stdout.write(
      `${style.red("✗")} ${caseDir}: ${report.errors.length} error(s) (layers completed: ${layers || "none"})\n`,
    );
  return code;
}
