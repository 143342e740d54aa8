/** The per-iteration convergence table shared by `report` and `summary`. */
import type { ConvergenceLogRow } from "@cobre/io";
import { formatCount, formatMoney, formatPercent } from "../format";
import { renderTable } from "../table";

/** The last `limit` iterations (long runs would flood the terminal; JSON has them all). */
export function convergenceTable(rows: readonly ConvergenceLogRow[], limit = 10): string {
  const shown = rows.slice(-limit);
  const body = shown.map((r) => [
    String(r.iteration),
    formatMoney(r.lower_bound),
    formatMoney(r.upper_bound_mean),
    r.upper_bound_ci95 > 0 ? `± ${formatMoney(r.upper_bound_ci95)}` : "—",
    formatPercent(r.gap_percent),
    formatCount(r.cuts_active),
    formatCount(r.time_total_ms),
  ]);
  const note = rows.length > shown.length ? `  (last ${shown.length} of ${rows.length} iterations)\n` : "";
  return (
    renderTable(["iter", "lower bound", "upper bound", "95% CI", "gap", "cuts", "ms"], body, { leftAligned: [] }) + note
  );
}
