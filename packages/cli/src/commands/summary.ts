/**
 * `cobre summary <OUTPUT_DIR>`: the post-run summary of a finished run — bounds, gap,
 * termination, cost statistics by component across simulation scenarios and timings —
 * without re-running anything. Missing or corrupt outputs exit 2.
 */
import { envelope } from "../envelope";
import { ExitCode } from "../exit-codes";
import { type OutputFormat, printJson, style } from "../output";
import { toRecord } from "../run-data/errors";
import { buildSummary } from "../run-data/summary-data";
import { summaryText } from "../render/summary-text";

export async function summaryCommand(outputDir: string, format: OutputFormat): Promise<number> {
  const summary = await buildSummary(outputDir);
  if (!summary.ok) {
    const record = toRecord(summary.error);
    if (format === "json") printJson(envelope("summary", ExitCode.Io, null, [record]));
    else
      process.stderr.write(`${style.red("error")} [${record.kind}] ${record.message}\n  hint: ${record.suggestion}\n`);
    return ExitCode.Io;
  }
  const { data, warnings } = summary.value;
  if (format === "json") printJson(envelope("summary", ExitCode.Success, data, [], warnings));
  else process.stdout.write(summaryText(data));
  return ExitCode.Success;
}
