/**
 * The JSON documents of the output root, typed field for field as they are on disk
 * (snake_case): every field of the seed spec (§1.1, §1.2) plus the Cobre book's additions
 * (the `distribution` block). JSON readers ignore unknown fields, so consumers written
 * for either source read these files.
 */

export const MANIFEST_VERSION = "2.0.0";
export const SIMULATION_MANIFEST_SCHEMA_URI = "https://cobre.dev/schemas/v2/simulation_manifest.schema.json";
export const TRAINING_MANIFEST_SCHEMA_URI = "https://cobre.dev/schemas/v2/training_manifest.schema.json";

/** How the run was distributed (the book's `distribution` block). */
export interface DistributionInfo {
  /** `local` (one process), `worker_threads` (our in-process workers) or `mpi`. */
  readonly backend: string;
  readonly world_size: number;
  readonly ranks_participated: number;
  readonly num_nodes: number;
  readonly threads_per_rank: number;
  readonly mpi_library: string | null;
  readonly mpi_standard: string | null;
  readonly thread_level: string | null;
  readonly slurm_job_id: string | null;
}

/** Distribution block of a single-process run with `threads` workers. */
export function localDistribution(threads = 1): DistributionInfo {
  return {
    backend: "local",
    world_size: 1,
    ranks_participated: 1,
    num_nodes: 1,
    threads_per_rank: threads,
    mpi_library: null,
    mpi_standard: null,
    thread_level: null,
    slurm_job_id: process.env.SLURM_JOB_ID ?? null,
  };
}

export type SimulationStatus = "running" | "complete" | "failed" | "partial";

/** `simulation/_manifest.json`. */
export interface SimulationManifest {
  readonly $schema: string;
  readonly version: string;
  readonly status: SimulationStatus;
  readonly started_at: string | null;
  readonly completed_at: string | null;
  readonly scenarios: { readonly total: number; readonly completed: number; readonly failed: number };
  /** Scenario partitions whose every entity file is written, e.g. `scenario_id=0003/`. */
  readonly partitions_written: readonly string[];
  /**
   * xxhash64 over all partition files: `value` combines the per-file hashes in
   * `partitions` (keyed by `<entity>/scenario_id=NNNN/data.parquet`).
   */
  readonly checksum: {
    readonly algorithm: "xxhash64";
    readonly value: string;
    readonly partitions: Readonly<Record<string, string>>;
  } | null;
  readonly mpi_info: { readonly world_size: number; readonly ranks_participated: number };
  readonly distribution: DistributionInfo;
}

type TrainingStatus = "running" | "complete" | "failed" | "converged";

/** `training/_manifest.json`. */
export interface TrainingManifest {
  readonly $schema: string;
  readonly version: string;
  readonly status: TrainingStatus;
  readonly started_at: string | null;
  readonly completed_at: string | null;
  readonly iterations: {
    readonly max_iterations: number | null;
    readonly completed: number;
    readonly converged_at: number | null;
  };
  readonly convergence: {
    readonly achieved: boolean;
    readonly final_gap_percent: number | null;
    readonly termination_reason: string;
  };
  readonly cuts: { readonly total_generated: number; readonly total_active: number; readonly peak_active: number };
  /**
   * xxhash64 of the policy cut files (combined) and of `convergence.parquet`; null for a
   * file not written (`exports.cuts` / `exports.training` false).
   */
  readonly checksum: {
    readonly algorithm: "xxhash64";
    readonly policy_value: string | null;
    readonly convergence_value: string | null;
  } | null;
  readonly mpi_info: { readonly world_size: number; readonly forward_passes_per_iteration: number };
  readonly distribution: DistributionInfo;
}
