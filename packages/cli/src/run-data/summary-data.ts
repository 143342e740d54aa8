/**
 * The data of `cobre summary`: the post-run summary of an output directory. The training
 * manifest is required; the convergence log and the simulation are optional (a run with
 * simulation disabled has none), and their absence shows as nulls.
 */
import { resolve } from "node:path";
import { ok, type Result } from "@cobre/core";
import { type Timings, timings } from "@cobre/io";
import type { EnvelopeRecord } from "../envelope";
import { absentWarning, isAbsent, type ReadError } from "./errors";
import {
  type ComponentStatistics,
  optional,
  readConvergenceLog,
  readCostStatistics,
  readSimulationManifest,
  readTrainingManifest,
} from "./read";

interface TrainingSummary {
  readonly status: string;
  readonly iterations: number;
  readonly max_iterations: number | null;
  readonly converged_at: number | null;
  readonly termination_reason: string;
  readonly lower_bound: number | null;
  readonly upper_bound_mean: number | null;
  readonly upper_bound_ci95: number | null;
  readonly gap_percent: number | null;
  readonly forward_passes: number | null;
  readonly cuts_active: number;
  readonly cuts_generated: number;
  readonly lp_solves: number | null;
}

interface SimulationSummaryData {
  readonly status: string;
  readonly scenarios: { readonly total: number; readonly completed: number; readonly failed: number };
  /** Scenarios whose cost rows were read (the partitions on disk). */
  readonly scenarios_read: number;
  readonly cost_statistics: readonly ComponentStatistics[];
}

export interface SummaryData {
  readonly output_directory: string;
  readonly training: TrainingSummary;
  readonly simulation: SimulationSummaryData | null;
  readonly timings: Timings;
}

/** Reads the summary of `outputDir`. */
export async function buildSummary(
  outputDir: string,
): Promise<Result<{ data: SummaryData; warnings: EnvelopeRecord[] }, ReadError>> {
  const warnings: EnvelopeRecord[] = [];
  const manifest = await readTrainingManifest(outputDir);
  if (!manifest.ok) return manifest;
  const log = optional(await readConvergenceLog(outputDir), isAbsent);
  if (!log.ok) return log;
  if (log.value === null) warnings.push(absentWarning("convergence log", "training/convergence.parquet"));
  const rows = log.value ?? [];
  const last = rows.at(-1);
  const m = manifest.value;
  const training: TrainingSummary = {
    status: m.status,
    iterations: m.iterations.completed,
    max_iterations: m.iterations.max_iterations ?? null,
    converged_at: m.iterations.converged_at ?? null,
    termination_reason: m.convergence.termination_reason,
    lower_bound: last?.lower_bound ?? null,
    upper_bound_mean: last?.upper_bound_mean ?? null,
    upper_bound_ci95: last?.upper_bound_ci95 ?? null,
    // The manifest's gap is authoritative (the book's fallback when the log is absent).
    gap_percent: m.convergence.final_gap_percent ?? last?.gap_percent ?? null,
    forward_passes: last?.forward_passes ?? null,
    cuts_active: m.cuts.total_active,
    cuts_generated: m.cuts.total_generated,
    lp_solves: log.value === null ? null : rows.reduce((a, r) => a + r.lp_solves, 0),
  };
  const sim = optional(await readSimulationManifest(outputDir), isAbsent);
  if (!sim.ok) return sim;
  let simulation: SimulationSummaryData | null = null;
  if (sim.value !== null) {
    const costs = await readCostStatistics(outputDir);
    if (!costs.ok) return costs;
    simulation = {
      status: sim.value.status,
      scenarios: sim.value.scenarios,
      scenarios_read: costs.value.scenarios,
      cost_statistics: costs.value.components,
    };
  }
  const data = { output_directory: resolve(outputDir), training, simulation, timings: timings(m, rows, sim.value) };
  return ok({ data, warnings });
}
