/** Human rendering of `cobre report`: one block per section present in the data. */
import type { ReportData } from "../run-data/report-data";
import { formatCount, formatMoney, formatPercent, formatSeconds, orDash } from "../format";
import { heading, renderPairs, renderTable } from "../table";
import { convergenceTable } from "./convergence-table";

function trainingBlock(d: ReportData): string {
  const m = d.training;
  if (m === undefined) return "";
  const iterations = `${m.iterations.completed}${m.iterations.max_iterations == null ? "" : ` of max ${m.iterations.max_iterations}`}`;
  const text =
    heading("Training", m.status) +
    renderPairs([
      ["Iterations", iterations],
      ["Termination", m.convergence.termination_reason],
      ["Converged", m.convergence.achieved ? `yes, at iteration ${orDash(m.iterations.converged_at)}` : "no"],
      ["Final gap", formatPercent(m.convergence.final_gap_percent)],
      [
        "Cuts",
        `${formatCount(m.cuts.total_active)} active / ${formatCount(m.cuts.total_generated)} generated (peak ${formatCount(m.cuts.peak_active)})`,
      ],
      ["Started", orDash(m.started_at)],
      ["Completed", orDash(m.completed_at)],
    ]);
  const c = d.convergence;
  return c === undefined || c.history.length === 0
    ? text
    : `${text}\n${heading("Convergence")}${convergenceTable(c.history)}`;
}

function simulationBlock(d: ReportData): string {
  if (d.simulation === undefined) return "";
  if (d.simulation === null) return `${heading("Simulation", "not run (no simulation/_manifest.json)")}`;
  const s = d.simulation;
  return (
    heading("Simulation", s.status) +
    renderPairs([
      ["Scenarios", `${s.scenarios.completed} of ${s.scenarios.total} completed, ${s.scenarios.failed} failed`],
      ["Partitions", String(s.partitions_written_count)],
      [
        "Checksum",
        s.checksum === null ? "—" : `${s.checksum.algorithm} ${s.checksum.value} over ${s.checksum.files} files`,
      ],
      ["Started", orDash(s.started_at)],
      ["Completed", orDash(s.completed_at)],
    ])
  );
}

function metadataBlock(d: ReportData): string {
  if (d.metadata === undefined) return "";
  if (d.metadata === null) return heading("Metadata", "absent (no training/metadata.json)");
  const { run_info: r, problem_dimensions: p, configuration_snapshot: c, performance_summary: perf } = d.metadata;
  const rules = Array.isArray(c.stopping_rules)
    ? (c.stopping_rules as Record<string, unknown>[])
        .map((x) =>
          Object.entries(x)
            .map(([k, v]) => (k === "type" ? String(v) : `${k}=${String(v)}`))
            .join(" "),
        )
        .join("; ")
    : "—";
  const duration = typeof r.duration_seconds === "number" ? r.duration_seconds : null;
  return (
    heading("Metadata", orDash(r.run_id)) +
    renderPairs([
      ["Cobre", orDash(r.cobre_version)],
      ["Solver", `${orDash(r.solver)} ${orDash(r.solver_version)}`],
      ["Host", `${orDash(r.hostname)} (${orDash(r.user)})`],
      ["Duration", formatSeconds(duration)],
      ["Stages", orDash(p.num_stages)],
      [
        "Entities",
        `${orDash(p.num_hydros)} hydros, ${orDash(p.num_thermals)} thermals, ${orDash(p.num_buses)} buses, ${orDash(p.num_lines)} lines`,
      ],
      ["State dimension", orDash(p.state_dimension)],
      ["Seed", orDash(c.seed)],
      ["Forward passes", orDash(c.forward_passes)],
      ["Stopping rules", `${rules} (mode ${orDash(c.stopping_mode)})`],
      ["LP solves", formatCount(perf.total_lp_solves ?? null)],
      ["Peak memory", perf.peak_memory_mb == null ? "—" : `${perf.peak_memory_mb.toFixed(0)} MB`],
      ["Input hash", orDash(d.metadata.data_integrity.input_hash)],
    ])
  );
}

function policyBlock(d: ReportData): string {
  if (d.policy === undefined) return "";
  if (d.policy === null) return heading("Policy", "absent (no policy/metadata.json)");
  const p = d.policy;
  const head =
    heading("Policy", `format ${orDash(p.version)}, checksums verified (${p.checksums_verified} files)`) +
    renderPairs([
      ["Iterations", String(p.completed_iterations)],
      ["Final lower bound", formatMoney(p.final_lower_bound)],
      ["Stages", String(p.num_stages)],
      ["State dimension", String(p.state_dimension)],
      ["Cuts", `${formatCount(p.total_active_cuts)} active / ${formatCount(p.total_cuts)} stored`],
      ["Created", p.created_at],
    ]);
  const rows = p.stages.map((s) => [
    String(s.stage),
    formatCount(s.cuts),
    formatCount(s.active_cuts),
    formatCount(s.warm_start_cuts),
  ]);
  return `${head}\n${renderTable(["stage", "cuts", "active", "warm start"], rows, { leftAligned: [] })}`;
}

/** All blocks present in `d`, separated by blank lines. */
export function reportText(d: ReportData): string {
  const blocks = [trainingBlock(d), simulationBlock(d), metadataBlock(d), policyBlock(d)].filter((b) => b !== "");
  return `${heading("Output directory", d.output_directory)}\n${blocks.join("\n")}`;
}
