/**
 * `cobre report <OUTPUT_DIR> [--section S] [--plot KIND --out FILE.svg]`: what a finished
 * run wrote (manifests, metadata, convergence, policy) as tables or as the JSON envelope;
 * with --plot, a chart instead. Missing or corrupt outputs exit 2 with the library's kind.
 */
import { UsageError } from "../args";
import { envelope } from "../envelope";
import { ExitCode } from "../exit-codes";
import { type OutputFormat, printJson, style } from "../output";
import { toRecord } from "../run-data/errors";
import { REPORT_SECTIONS, buildReport, isReportSection } from "../run-data/report-data";
import { reportText } from "../render/report-text";
import { plotCommand } from "./plot";

export interface ReportFlags {
  readonly format: OutputFormat;
  readonly section: string | undefined;
  readonly plot: string | undefined;
  readonly out: string | undefined;
}

export async function reportCommand(outputDir: string, flags: ReportFlags): Promise<number> {
  if (flags.plot !== undefined) {
    if (flags.section !== undefined) throw new UsageError("--plot and --section cannot be combined");
    return plotCommand(outputDir, flags.plot, flags.out, flags.format);
  }
  if (flags.out !== undefined) throw new UsageError("--out is only used with --plot");
  const section = flags.section ?? "all";
  if (!isReportSection(section))
    throw new UsageError(`--section must be one of ${REPORT_SECTIONS.join(", ")}, got '${section}'`);
  const report = await buildReport(outputDir, section);
  if (!report.ok) {
    const record = toRecord(report.error);
    if (flags.format === "json") printJson(envelope("report", ExitCode.Io, null, [record]));
    else
      process.stderr.write(`${style.red("error")} [${record.kind}] ${record.message}\n  hint: ${record.suggestion}\n`);
    return ExitCode.Io;
  }
  const { data, warnings } = report.value;
  if (flags.format === "json") printJson(envelope("report", ExitCode.Success, data, [], warnings));
  else process.stdout.write(reportText(data));
  return ExitCode.Success;
}
