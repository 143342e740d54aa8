/**
 * The CLI's reads of a finished run: @cobre/io's readers and analyses, with their failures
 * tagged by family (`ReadError`) so that `toRecord` can turn them into envelope records.
 * The computing is io's; what is here is the wiring and the CLI's views of the results.
 */
import { join } from "node:path";
import { err, ok, type Result } from "@cobre/core";
import {
  type ConvergenceLogRow,
  convergenceLog,
  readConvergence,
  readManifest,
  readPolicy,
  readSimulation,
  readTrainingMetadata as readMetadataDocument,
  scenarioCostSums,
  type PolicySummary,
  policySummary,
  type SimulationManifest,
  type StoragePercentiles,
  storagePercentiles,
  summarizeCostSums,
  type TrainingManifest,
  type TrainingMetadata,
} from "@cobre/io";
import { type Distribution, fromSummary } from "../stats";
import type { ReadError } from "./errors";

export async function readTrainingManifest(outputDir: string): Promise<Result<TrainingManifest, ReadError>> {
  const r = await readManifest(outputDir, "training");
  return r.ok ? r : err({ family: "output", error: r.error });
}

export async function readSimulationManifest(outputDir: string): Promise<Result<SimulationManifest, ReadError>> {
  const r = await readManifest(outputDir, "simulation");
  return r.ok ? r : err({ family: "output", error: r.error });
}

/** `training/metadata.json`; absent → `IoError` ENOENT, unparsable or wrong shape → `ManifestError`. */
export async function readTrainingMetadata(outputDir: string): Promise<Result<TrainingMetadata, ReadError>> {
  const r = await readMetadataDocument(outputDir);
  return r.ok ? r : err({ family: "output", error: r.error });
}

/** The convergence log of an output directory, one row per iteration. */
export async function readConvergenceLog(outputDir: string): Promise<Result<ConvergenceLogRow[], ReadError>> {
  const table = await readConvergence(outputDir);
  return table.ok ? ok(convergenceLog(table.value)) : err({ family: "output", error: table.error });
}

export interface ComponentStatistics extends Distribution {
  readonly component: string;
}

/** Cost statistics as the summary table and the costs plot show them. */
export interface CostStatistics {
  readonly scenarios: number;
  /** `total_cost` first, then the components in file order. */
  readonly components: readonly ComponentStatistics[];
  /** Per-scenario totals, keyed by component (for plots). */
  readonly perScenario: ReadonlyMap<string, Float64Array>;
}

/**
 * Reads `simulation/costs/` of every scenario on disk and summarises it with io's
 * statistics (`future_cost` and `discount_factor` are not components).
 */
export async function readCostStatistics(outputDir: string): Promise<Result<CostStatistics, ReadError>> {
  const table = await readSimulation(outputDir, "costs");
  if (!table.ok) return err({ family: "output", error: table.error });
  const sums = scenarioCostSums(table.value);
  const stats = summarizeCostSums(sums);
  const components = Object.entries(stats.components).map(([component, s]) => ({ component, ...fromSummary(s) }));
  return ok({ scenarios: stats.scenarios, components, perScenario: sums.sums });
}

/** End-of-stage storage percentiles per hydro and stage, sorted by hydro then stage. */
export async function readStoragePercentiles(outputDir: string): Promise<Result<StoragePercentiles[], ReadError>> {
  const r = await readSimulation(outputDir, "hydros");
  return r.ok ? ok(storagePercentiles(r.value)) : err({ family: "output", error: r.error });
}

/** Reads and verifies `<outputDir>/policy/` and summarises it. */
export async function readPolicySummary(outputDir: string): Promise<Result<PolicySummary, ReadError>> {
  const r = await readPolicy(join(outputDir, "policy"));
  return r.ok ? ok(policySummary(r.value)) : err({ family: "policy", error: r.error });
}

/** An absent optional file as `ok(null)`; any other failure passes through. */
export function optional<T>(r: Result<T, ReadError>, isAbsent: (e: ReadError) => boolean): Result<T | null, ReadError> {
  return !r.ok && isAbsent(r.error) ? ok(null) : r;
}
