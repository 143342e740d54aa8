/** Human rendering of `cobre summary`: training, cost statistics by component, timings. */
import type { SummaryData } from "../run-data/summary-data";
import type { ComponentStatistics } from "../run-data/read";
import { formatCount, formatMoney, formatPercent, formatSeconds, orDash } from "../format";
import { heading, renderPairs, renderTable } from "../table";

/** Components that are zero (up to solver noise) in every scenario: hidden from the table, kept in JSON. */
function negligible(c: ComponentStatistics, scale: number): boolean {
  return Math.max(Math.abs(c.min), Math.abs(c.max)) <= 1e-9 * Math.max(1, scale);
}

function trainingText(d: SummaryData): string {
  const t = d.training;
  const limit = t.max_iterations === null ? "" : ` (limit ${t.max_iterations})`;
  const converged = t.converged_at === null ? "" : `, converged at ${t.converged_at}`;
  const ci =
    t.upper_bound_ci95 !== null && t.upper_bound_ci95 > 0
      ? ` ± ${formatMoney(t.upper_bound_ci95)} (95% CI, ${orDash(t.forward_passes)} forward passes)`
      : "";
  return (
    heading(
      "Training",
      `${t.status} · ${t.iterations} iterations${limit}${converged} · stopped by ${t.termination_reason}`,
    ) +
    renderPairs([
      ["Lower bound", t.lower_bound === null ? "—" : formatMoney(t.lower_bound)],
      ["Upper bound", t.upper_bound_mean === null ? "—" : `${formatMoney(t.upper_bound_mean)}${ci}`],
      ["Gap", formatPercent(t.gap_percent)],
      ["Cuts", `${formatCount(t.cuts_active)} active / ${formatCount(t.cuts_generated)} generated`],
      ["LP solves", formatCount(t.lp_solves)],
    ])
  );
}

function simulationText(d: SummaryData): string {
  const s = d.simulation;
  if (s === null) return heading("Simulation", "not run");
  const title = heading(
    "Simulation",
    `${s.status} · ${s.scenarios.completed} of ${s.scenarios.total} scenarios · ${s.scenarios.failed} failed`,
  );
  const scale = Math.abs(s.cost_statistics.find((c) => c.component === "total_cost")?.mean ?? 1);
  const shown = s.cost_statistics.filter((c) => !negligible(c, scale));
  const rows = shown.map((c) => [c.component, ...[c.mean, c.std, c.p5, c.p50, c.p95].map(formatMoney)]);
  const hidden = s.cost_statistics.length - shown.length;
  const note = hidden > 0 ? `  ${hidden} other components are zero in every scenario.\n` : "";
  return `${title}  Cost per scenario over ${s.scenarios_read} scenarios (sum over stages and blocks):\n${renderTable(["component", "mean", "std", "p5", "p50", "p95"], rows)}${note}`;
}

function timingsText(d: SummaryData): string {
  const t = d.timings;
  const split = `forward ${formatSeconds(t.forward_seconds)}, backward ${formatSeconds(t.backward_seconds)}, other ${formatSeconds(t.other_seconds)}`;
  const mean = t.mean_iteration_ms === null ? "" : `, ${t.mean_iteration_ms.toFixed(0)} ms per iteration`;
  return (
    heading("Timings") +
    renderPairs([
      [
        "Training",
        `${formatSeconds(t.training_seconds)} (iterations ${formatSeconds(t.iterations_seconds)}: ${split}${mean})`,
      ],
      ["Simulation", formatSeconds(t.simulation_seconds)],
    ])
  );
}

export function summaryText(d: SummaryData): string {
  return [heading("Output directory", d.output_directory), trainingText(d), simulationText(d), timingsText(d)].join(
    "\n",
  );
}
