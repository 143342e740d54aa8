/**
 * The convergence log of a run (`training/convergence.parquet`): as generic rows (for the
 * MCP tools and comparisons) or as typed rows with the 95% confidence half-width of the
 * statistical upper bound (for reports and plots).
 */
import type { Table } from "apache-arrow";
import type { Result } from "@cobre/core";
import { err, ok } from "@cobre/core";
import { readConvergence } from "../output/directory/readers";
import type { AnalysisError } from "./errors";
import { fromOutputError } from "./output-errors";
import { type Row, numericColumn, tableRows } from "./table-rows";

export interface IterationRange {
  /** First iteration to return (1-based, inclusive). */
  readonly from?: number;
  /** Last iteration to return (inclusive). */
  readonly to?: number;
}

/** Rows of `training/convergence.parquet`, in iteration order, within `range`. */
export async function convergenceRows(
  outputDir: string,
  range: IterationRange = {},
): Promise<Result<Row[], AnalysisError>> {
  const table = await readConvergence(outputDir);
  if (!table.ok) return err(fromOutputError(table.error, outputDir));
  const iterations = numericColumn(table.value, "iteration");
  const from = range.from ?? Number.NEGATIVE_INFINITY;
  const to = range.to ?? Number.POSITIVE_INFINITY;
  return ok(
    tableRows(table.value, (i) => {
      const it = iterations[i] ?? null;
      return it !== null && it >= from && it <= to;
    }),
  );
}

export interface ConvergenceLogRow {
  readonly iteration: number;
  readonly lower_bound: number;
  readonly upper_bound_mean: number;
  readonly upper_bound_std: number;
  /** 1.96 · std / √forward_passes; 0 with a single forward pass. */
  readonly upper_bound_ci95: number;
  /** The only nullable column of the log (undefined gap). */
  readonly gap_percent: number | null;
  readonly cuts_added: number;
  readonly cuts_removed: number;
  readonly cuts_active: number;
  readonly time_forward_ms: number;
  readonly time_backward_ms: number;
  readonly time_total_ms: number;
  readonly forward_passes: number;
  readonly lp_solves: number;
}

const LOG_COLUMNS = [
  "iteration",
  "lower_bound",
  "upper_bound_mean",
  "upper_bound_std",
  "gap_percent",
  "cuts_added",
  "cuts_removed",
  "cuts_active",
  "time_forward_ms",
  "time_backward_ms",
  "time_total_ms",
  "forward_passes",
  "lp_solves",
] as const;

/**
 * Typed rows of a convergence table (as `readConvergence` returns it), one per iteration,
 * with the upper bound's 95% confidence half-width derived from its standard deviation and
 * the number of forward passes, as training reports it live. The schema declares every
 * column but `gap_percent` non-nullable, so a null there (a damaged or foreign file) is NaN.
 */
export function convergenceLog(table: Table): ConvergenceLogRow[] {
  const cols = new Map(LOG_COLUMNS.map((name) => [name, numericColumn(table, name)]));
  const rows: ConvergenceLogRow[] = [];
  for (let i = 0; i < table.numRows; i++) {
    const cell = (name: (typeof LOG_COLUMNS)[number]) => cols.get(name)?.[i] ?? null;
    const at = (name: (typeof LOG_COLUMNS)[number]) => cell(name) ?? Number.NaN;
    const passes = at("forward_passes");
    rows.push({
      iteration: at("iteration"),
      lower_bound: at("lower_bound"),
      upper_bound_mean: at("upper_bound_mean"),
      upper_bound_std: at("upper_bound_std"),
      upper_bound_ci95: passes > 1 ? (1.96 * at("upper_bound_std")) / Math.sqrt(passes) : 0,
      gap_percent: cell("gap_percent"),
      cuts_added: at("cuts_added"),
      cuts_removed: at("cuts_removed"),
      cuts_active: at("cuts_active"),
      time_forward_ms: at("time_forward_ms"),
      time_backward_ms: at("time_backward_ms"),
      time_total_ms: at("time_total_ms"),
      forward_passes: passes,
      lp_solves: at("lp_solves"),
    });
  }
  return rows;
}
