/** Assembles `SimulationManifest` values from the writer's bookkeeping. */
import { combineChecksums } from "../fs/checksum";
import {
  MANIFEST_VERSION,
  SIMULATION_MANIFEST_SCHEMA_URI,
  type DistributionInfo,
  type SimulationManifest,
  type SimulationStatus,
} from "../manifest/types";
import { partitionName } from "./partition-layout";

export interface SimulationProgress {
  readonly status: SimulationStatus;
  readonly startedAt: string;
  readonly completedAt: string | null;
  readonly totalScenarios: number;
  readonly completed: ReadonlySet<number>;
  readonly failed: ReadonlySet<number>;
  /** Per-file xxhash64 of every written partition (completed scenarios are kept). */
  readonly checksums: ReadonlyMap<string, string>;
  readonly distribution: DistributionInfo;
}

/** Scenario id of a `checksum.partitions` key (`entity/scenario_id=NNNN/data.parquet`). */
function scenarioOfKey(key: string): number {
  const m = /scenario_id=(\d+)\//.exec(key);
  return m === null ? -1 : Number(m[1]);
}

export async function buildSimulationManifest(p: SimulationProgress): Promise<SimulationManifest> {
  const ids = [...p.completed].sort((a, b) => a - b);
  // Only partitions of completed scenarios are vouched for.
  const partitions: Record<string, string> = {};
  for (const key of [...p.checksums.keys()].sort()) {
    if (p.completed.has(scenarioOfKey(key))) partitions[key] = p.checksums.get(key)!;
  }
  return {
    $schema: SIMULATION_MANIFEST_SCHEMA_URI,
    version: MANIFEST_VERSION,
    status: p.status,
    started_at: p.startedAt,
    completed_at: p.completedAt,
    scenarios: { total: p.totalScenarios, completed: ids.length, failed: p.failed.size },
    partitions_written: ids.map((id) => `${partitionName(id)}/`),
    checksum: { algorithm: "xxhash64", value: await combineChecksums(partitions), partitions },
    mpi_info: { world_size: p.distribution.world_size, ranks_participated: p.distribution.ranks_participated },
    distribution: p.distribution,
  };
}
