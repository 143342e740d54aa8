/**
 * What a report shows of a policy checkpoint: its metadata and the size of each stage's
 * cut pool. The checkpoint comes from `readPolicy`, which verifies every file's size and
 * xxHash64, so a summary of a policy that was read is also an integrity check of it.
 */
import type { PolicyCheckpoint } from "../policy/index";

interface PolicyStageSummary {
  readonly stage: number;
  readonly cuts: number;
  readonly active_cuts: number;
  readonly warm_start_cuts: number;
}

export interface PolicySummary {
  readonly version: string | null;
  readonly cobre_version: string;
  readonly created_at: string;
  readonly completed_iterations: number;
  readonly final_lower_bound: number;
  readonly best_upper_bound: number | null;
  readonly state_dimension: number;
  readonly num_stages: number;
  readonly forward_passes: number;
  /** As a string: the seed is a u64 and may not fit a JSON number. */
  readonly rng_seed: string;
  readonly total_cuts: number;
  readonly total_active_cuts: number;
  readonly checksums_verified: number;
  readonly stages: readonly PolicyStageSummary[];
}

/** Summarises a checkpoint read by `readPolicy`. */
export function policySummary(checkpoint: PolicyCheckpoint): PolicySummary {
  const { metadata: m, stages } = checkpoint;
  const perStage = stages.map((s) => ({
    stage: s.stageIndex,
    cuts: s.cuts.intercepts.length,
    active_cuts: s.cuts.active.reduce((a, x) => a + (x === 0 ? 0 : 1), 0),
    warm_start_cuts: s.warmStartCount,
  }));
  return {
    version: m.version,
    cobre_version: m.cobreVersion,
    created_at: m.createdAt,
    completed_iterations: m.completedIterations,
    final_lower_bound: m.finalLowerBound,
    best_upper_bound: m.bestUpperBound,
    state_dimension: m.stateDimension,
    num_stages: m.numStages,
    forward_passes: m.forwardPasses,
    rng_seed: m.rngSeed.toString(),
    total_cuts: perStage.reduce((a, s) => a + s.cuts, 0),
    total_active_cuts: perStage.reduce((a, s) => a + s.active_cuts, 0),
    checksums_verified: Object.keys(m.checksums).length,
    stages: perStage,
  };
}
