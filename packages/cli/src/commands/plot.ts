/**
 * `cobre report <OUTPUT_DIR> --plot convergence|costs|storage --out FILE.svg`: reads what
 * the chart needs, renders it to SVG and writes the file. Read failures exit 2 like the
 * report's; the chart data is in the JSON envelope too.
 */
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { err, ok, type Result } from "@cobre/core";
import { entityNames } from "@cobre/io";
import type { TopLevelSpec } from "vega-lite";
import { UsageError } from "../args";
import { envelope } from "../envelope";
import { ExitCode } from "../exit-codes";
import { type OutputFormat, printJson, style } from "../output";
import { type ReadError, toRecord } from "../run-data/errors";
import { readConvergenceLog, readCostStatistics, readStoragePercentiles } from "../run-data/read";
import { convergenceSpec } from "../plots/convergence-plot";
import { costsSpec, plottedComponents } from "../plots/costs-plot";
import { renderSvg } from "../plots/render-svg";
import { storageSpec } from "../plots/storage-plot";

const PLOT_KINDS = ["convergence", "costs", "storage"] as const;
export type PlotKind = (typeof PLOT_KINDS)[number];

interface Chart {
  readonly spec: TopLevelSpec;
  /** What the chart shows, for the envelope: series, components or hydros. */
  readonly series: readonly string[];
}

/** Builds the Vega-Lite spec of `kind` from the outputs in `outputDir`. */
export async function chartSpec(outputDir: string, kind: PlotKind): Promise<Result<Chart, ReadError>> {
  const where = path.basename(path.resolve(outputDir));
  switch (kind) {
    case "convergence": {
      const log = await readConvergenceLog(outputDir);
      if (!log.ok) return log;
      return ok({
        spec: convergenceSpec(log.value, `Convergence — ${where}`),
        series: ["Lower bound", "Upper bound (mean)", "Upper bound 95% CI"],
      });
    }
    case "costs": {
      const stats = await readCostStatistics(outputDir);
      if (!stats.ok) return stats;
      return ok({
        spec: costsSpec(stats.value, `Simulation costs — ${where}`),
        series: plottedComponents(stats.value),
      });
    }
    case "storage": {
      const rows = await readStoragePercentiles(outputDir);
      if (!rows.ok) return rows;
      const names = await entityNames(outputDir, "hydro");
      const ids = [...new Set(rows.value.map((r) => r.hydro_id))];
      return ok({
        spec: storageSpec(rows.value, names, `Reservoir storage — ${where}`),
        series: ids.map((id) => names.get(id) ?? `hydro ${id}`),
      });
    }
  }
}

function isPlotKind(s: string): s is PlotKind {
  return (PLOT_KINDS as readonly string[]).includes(s);
}

export async function plotCommand(
  outputDir: string,
  kind: string,
  out: string | undefined,
  format: OutputFormat,
): Promise<number> {
  if (!isPlotKind(kind)) throw new UsageError(`--plot must be one of ${PLOT_KINDS.join(", ")}, got '${kind}'`);
  if (out === undefined) throw new UsageError("--plot needs --out FILE.svg");
  const chart = await chartSpec(outputDir, kind);
  const fail = (code: number, record: Parameters<typeof envelope>[3]) => {
    if (format === "json") printJson(envelope("report", code, null, record));
    else for (const e of record ?? []) process.stderr.write(`${style.red("error")} [${e.kind}] ${e.message}\n`);
    return code;
  };
  if (!chart.ok) return fail(ExitCode.Io, [toRecord(chart.error)]);
  const svg = await renderSvg(chart.value.spec);
  const written = await writeFile(out, svg, "utf8").then(
    () => ok(undefined),
    (e: unknown) => err(e instanceof Error ? e.message : String(e)),
  );
  if (!written.ok)
    return fail(ExitCode.Io, [
      { kind: "IoError", message: `cannot write ${out}: ${written.error}`, context: { path: out } },
    ]);
  const data = { plot: kind, out: path.resolve(out), bytes: Buffer.byteLength(svg), series: chart.value.series };
  if (format === "json") printJson(envelope("report", ExitCode.Success, data));
  else process.stdout.write(`${style.green("✓")} ${kind} chart (${data.series.length} series) written to ${out}\n`);
  return ExitCode.Success;
}
