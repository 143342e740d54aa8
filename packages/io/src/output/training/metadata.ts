/**
 * `training/metadata.json` (seed §2 plus the book's `environment.distribution`): run
 * info, configuration snapshot, problem dimensions, performance summary, SHA-256 data
 * integrity hashes and the runtime environment.
 */
import { randomUUID } from "node:crypto";
import { availableParallelism, hostname, totalmem, userInfo } from "node:os";
import { type Config, rawConfigOf, type System } from "@cobre/core";
import { canonicalJson, sha256Tagged } from "../fs/checksum";
import { MANIFEST_VERSION, type DistributionInfo } from "../manifest/types";
import { distributionOf } from "./manifest-build";
import type { TrainingOutput } from "./types";
import { COBRE_TS_VERSION, METADATA_SCHEMA_URI } from "../version";

/** The on-disk document (snake_case, as written). */
export interface TrainingMetadata {
  readonly $schema: string;
  readonly version: string;
  readonly run_info: Record<string, string | number | null>;
  readonly configuration_snapshot: Record<string, unknown>;
  readonly problem_dimensions: Record<string, unknown>;
  readonly performance_summary: Record<string, number | null>;
  readonly data_integrity: {
    readonly input_hash: string | null;
    readonly config_hash: string;
    readonly policy_hash: string | null;
    /**
     * SHA-256 of the convergence results — iteration, bounds, standard deviation, cut
     * counts — without the timing columns, so identical runs hash identically.
     */
    readonly convergence_hash: string;
    /** SHA-256 of the resolved system (entities, stages, penalties, initial conditions). */
    readonly system_hash: string;
  };
  readonly environment: Record<string, unknown> & { readonly distribution: DistributionInfo };
}

function quantile(sorted: Float64Array, q: number): number | null {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

function performance(training: TrainingOutput, ioWriteSeconds: number): Record<string, number | null> {
  const times = training.performance?.lpTimesUs ? Float64Array.from(training.performance.lpTimesUs).sort() : null;
  const mean = times && times.length > 0 ? times.reduce((a, b) => a + b, 0) / times.length : null;
  const commMs = training.rankTimings.reduce((a, r) => a + r.communicationTimeMs, 0);
  return {
    total_lp_solves: training.iterations.reduce((a, r) => a + r.lpSolves, 0),
    avg_lp_time_us: mean,
    median_lp_time_us: times ? quantile(times, 0.5) : null,
    p99_lp_time_us: times ? quantile(times, 0.99) : null,
    peak_memory_mb: training.performance?.peakMemoryMb ?? Math.round(process.resourceUsage().maxRSS / 1024),
    total_communication_time_seconds: commMs / 1000,
    io_write_time_seconds: ioWriteSeconds,
  };
}

function userName(): string | null {
  try {
    return userInfo().username;
  } catch {
    return null;
  }
}

export interface MetadataInputs {
  readonly training: TrainingOutput;
  readonly system: System;
  readonly config: Config;
  readonly policyHash: string | null;
  readonly ioWriteSeconds: number;
}

export function buildMetadata(m: MetadataInputs): TrainingMetadata {
  const { training, system, config } = m;
  const t = config.training;
  const ub = config.upperBoundEvaluation;
  const distribution = distributionOf(training.workers);
  const start = Date.parse(training.startedAt);
  const end = Date.parse(training.completedAt);
  const lp = training.lpDimensions;
  return {
    $schema: METADATA_SCHEMA_URI,
    version: MANIFEST_VERSION,
    run_info: {
      run_id: training.runId ?? randomUUID(),
      started_at: training.startedAt,
      completed_at: training.completedAt,
      duration_seconds: Number.isFinite(end - start) ? (end - start) / 1000 : null,
      cobre_version: training.cobreVersion ?? COBRE_TS_VERSION,
      solver: training.solver?.name ?? null,
      solver_version: training.solver?.version ?? null,
      hostname: hostname(),
      user: userName(),
    },
    configuration_snapshot: {
      seed: t.treeSeed,
      forward_passes: t.forwardPasses,
      stopping_rules: rawConfigOf(config).training.stopping_rules,
      stopping_mode: t.stoppingMode,
      cut_selection: { enabled: t.cutSelection.enabled, method: t.cutSelection.method },
      upper_bound_evaluation: {
        enabled: ub.enabled,
        initial_iteration: ub.initialIteration,
        interval_iterations: ub.intervalIterations,
      },
      policy_mode: config.policy.mode,
    },
    problem_dimensions: {
      num_stages: system.stages.length,
      num_blocks_per_stage: system.stages.map((s) => s.blocks.length),
      num_hydros: system.hydros.length,
      num_thermals: system.thermals.length,
      num_buses: system.buses.length,
      num_lines: system.lines.length,
      num_pumping_stations: system.pumpingStations.length,
      num_contracts: system.energyContracts.length,
      num_generic_constraints: system.genericConstraints.length,
      state_dimension: training.stateDimension,
      lp_dimensions: lp
        ? {
            variables_per_stage_avg: lp.variablesPerStageAvg,
            constraints_per_stage_avg: lp.constraintsPerStageAvg,
            nonzeros_per_stage_avg: lp.nonzerosPerStageAvg,
          }
        : null,
    },
    performance_summary: performance(training, m.ioWriteSeconds),
    data_integrity: {
      input_hash: training.inputHash ?? null,
      config_hash: sha256Tagged(canonicalJson(config)),
      policy_hash: m.policyHash,
      convergence_hash: sha256Tagged(
        canonicalJson(
          training.iterations.map((r) => [
            r.iteration,
            r.lowerBound,
            r.upperBoundMean,
            r.upperBoundStd,
            r.cutsAdded,
            r.cutsRemoved,
            r.cutsActive,
            r.forwardPasses,
          ]),
        ),
      ),
      system_hash: sha256Tagged(canonicalJson(system)),
    },
    environment: {
      mpi_implementation: distribution.backend === "mpi" ? distribution.mpi_library : null,
      mpi_version: distribution.backend === "mpi" ? distribution.mpi_standard : null,
      num_ranks: distribution.world_size,
      cpus_per_rank: availableParallelism(),
      memory_per_rank_gb: Math.round((totalmem() / 2 ** 30) * 10) / 10,
      numa_binding: false,
      omp_num_threads: distribution.threads_per_rank,
      distribution,
    },
  };
}
