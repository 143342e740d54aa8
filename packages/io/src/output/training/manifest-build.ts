/** Builds `training/_manifest.json` from a `TrainingOutput` and the configuration. */
import type { Config } from "@cobre/core";
import {
  MANIFEST_VERSION,
  TRAINING_MANIFEST_SCHEMA_URI,
  type DistributionInfo,
  type TrainingManifest,
} from "../manifest/types";
import type { TrainingOutput, WorkerInfo } from "./types";

/** Termination by a convergence-oriented rule, as opposed to a safety limit. */
const CONVERGENCE_RULES = new Set(["bound_stalling", "simulation"]);

export function distributionOf(w: WorkerInfo): DistributionInfo {
  return {
    backend: w.backend,
    world_size: w.worldSize,
    ranks_participated: w.ranksParticipated ?? w.worldSize,
    num_nodes: w.numNodes ?? 1,
    threads_per_rank: w.threadsPerRank,
    mpi_library: w.mpiLibrary ?? null,
    mpi_standard: w.mpiStandard ?? null,
    thread_level: w.threadLevel ?? null,
    slurm_job_id: process.env.SLURM_JOB_ID ?? null,
  };
}

export function buildTrainingManifest(
  training: TrainingOutput,
  config: Config,
  checksums: { policy: string | null; convergence: string | null },
): TrainingManifest {
  const last = training.iterations.at(-1);
  const interrupted = training.terminationReason === "shutdown";
  const achieved = training.failure === undefined && CONVERGENCE_RULES.has(training.terminationReason);
  const limit = config.training.stoppingRules.find((r) => r.type === "iteration_limit");
  return {
    $schema: TRAINING_MANIFEST_SCHEMA_URI,
    version: MANIFEST_VERSION,
    // An interrupted training (Ctrl-C, SIGTERM) is consistent and resumable but not
    // finished: it stays `running` (no completion time) so nothing reads it as complete.
    status: training.failure !== undefined ? "failed" : interrupted ? "running" : achieved ? "converged" : "complete",
    started_at: training.startedAt,
    completed_at: interrupted ? null : training.completedAt,
    iterations: {
      max_iterations: limit?.type === "iteration_limit" ? limit.limit : null,
      completed: training.iterations.length,
      converged_at: achieved ? (last?.iteration ?? null) : null,
    },
    convergence: {
      achieved,
      final_gap_percent: last?.gapPercent ?? null,
      termination_reason: training.terminationReason,
    },
    cuts: {
      total_generated: training.cuts.totalGenerated,
      total_active: training.cuts.totalActive,
      peak_active: training.cuts.peakActive,
    },
    checksum: { algorithm: "xxhash64", policy_value: checksums.policy, convergence_value: checksums.convergence },
    mpi_info: { world_size: training.workers.worldSize, forward_passes_per_iteration: config.training.forwardPasses },
    distribution: distributionOf(training.workers),
  };
}
