/**
 * `training/convergence.parquet` (via `readConvergence`) as plain rows, with the 95%
 * confidence half-width of the statistical upper bound derived from its standard
 * deviation and the number of forward passes, as training reports it live.
 */
import { readConvergence } from "@cobre/io";
import { err, ok, type Result } from "@cobre/core";
import type { ReadError } from "./errors";
import { numbers, orNull } from "./arrow-rows";

export interface ConvergenceRow {
  readonly iteration: number;
  readonly lower_bound: number;
  readonly upper_bound_mean: number;
  readonly upper_bound_std: number;
  /** 1.96 · std / √forward_passes; 0 with a single forward pass. */
  readonly upper_bound_ci95: number;
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

const COLUMNS = [
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

/** Reads the convergence log of an output directory, one row per iteration. */
export async function readConvergenceLog(outputDir: string): Promise<Result<ConvergenceRow[], ReadError>> {
  const table = await readConvergence(outputDir);
  if (!table.ok) return err({ family: "output", error: table.error });
  const t = table.value;
  const cols = new Map(COLUMNS.map((name) => [name, numbers(t, name)]));
  const rows: ConvergenceRow[] = [];
  for (let i = 0; i < t.numRows; i++) {
    const at = (name: (typeof COLUMNS)[number]) => cols.get(name)?.[i] ?? Number.NaN;
    const passes = at("forward_passes");
    rows.push({
      iteration: at("iteration"),
      lower_bound: at("lower_bound"),
      upper_bound_mean: at("upper_bound_mean"),
      upper_bound_std: at("upper_bound_std"),
      upper_bound_ci95: passes > 1 ? (1.96 * at("upper_bound_std")) / Math.sqrt(passes) : 0,
      gap_percent: orNull(at("gap_percent")),
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
  return ok(rows);
}
