/**
 * The training side of a study's outputs (convergence, timing, cut statistics, solver,
 * input hash), assembled from the outcome of `train` for `writeTrainingResults`.
 */
import type { Case } from "@cobre/core";
import { COBRE_VERSION } from "@cobre/core";
import { type ConvergenceRecord, type RankTimingRecord, type TrainingOutput, hashCaseDirectory } from "@cobre/io";
import { loadSolver } from "@cobre/solver";
import type { TrainingOutcome } from "../training/train";
import type { IterationRecord } from "../training/training-loop";

/** The training side of the outputs, from the outcome of `train`. */
export async function trainingOutputOf(
  c: Case,
  t: TrainingOutcome,
  startedAt: string,
  workers: number,
): Promise<TrainingOutput> {
  const inputHash = await hashCaseDirectory(c.directory);
  const backend = await loadSolver();
  const rankTimings: RankTimingRecord[] = t.history.flatMap((r) =>
    r.ranks.map((k) => ({
      iteration: r.iteration,
      rank: k.rank,
      forwardTimeMs: k.forwardTimeMs,
      backwardTimeMs: k.backwardTimeMs,
      communicationTimeMs: 0,
      idleTimeMs: Math.max(0, r.forwardTimeMs + r.backwardTimeMs - k.forwardTimeMs - k.backwardTimeMs),
      lpSolves: k.lpSolves,
      scenariosProcessed: k.scenariosProcessed,
    })),
  );
  return {
    startedAt,
    completedAt: new Date().toISOString(),
    iterations: t.history.map((r) => convergenceRecord(r, c.config.training.forwardPasses)),
    rankTimings,
    cutSelection: t.history.flatMap((r) => r.cutSelection ?? []),
    solverStats: t.solverStats,
    retryHistogram: t.retryHistogram,
    terminationReason: t.terminationReason,
    cuts: {
      totalGenerated: t.pools.reduce((a, p) => a + p.size, 0),
      totalActive: t.pools.reduce((a, p) => a + p.activeCount, 0),
      peakActive: Math.max(0, ...t.history.map((h) => h.cutsActive)),
    },
    workers: { backend: workers > 1 ? "worker_threads" : "local", worldSize: workers, threadsPerRank: 1 },
    stateDimension: t.stateDims[0] ?? 0,
    inflowLagOrders: new Map(c.system.hydros.map((h) => [h.id, t.lagLayout.inflowLagSlots])),
    lagAccumulator: t.lagLayout.accumulator,
    performance: { peakMemoryMb: process.resourceUsage().maxRSS / 1024 },
    solver: { name: "HiGHS", version: backend.version.highs },
    ...(inputHash.ok ? { inputHash: inputHash.value } : {}),
    cobreVersion: COBRE_VERSION,
  };
}

function convergenceRecord(r: IterationRecord, forwardPasses: number): ConvergenceRecord {
  return {
    iteration: r.iteration,
    lowerBound: r.lowerBound,
    upperBoundMean: r.upperBoundMean,
    upperBoundStd: r.upperBoundStd,
    upperBoundCi95: r.ci95HalfWidth,
    gapPercent: Number.isFinite(r.gap) ? 100 * r.gap : null,
    cutsAdded: r.cutsAdded,
    cutsRemoved: r.cutsRemoved,
    cutsActive: r.cutsActive,
    timeForwardMs: Math.round(r.forwardTimeMs),
    timeBackwardMs: Math.round(r.backwardTimeMs),
    timeTotalMs: Math.round(r.iterationTimeMs),
    forwardPasses,
    lpSolves: r.lpSolves,
    timing: {
      forwardWallMs: r.forwardTimeMs,
      backwardWallMs: r.backwardTimeMs,
      lowerBoundMs: r.lowerBoundTimeMs,
      cutSelectionMs: r.selectionTimeMs,
      fwdLoadImbalanceMs: imbalance(r.ranks.map((k) => k.forwardTimeMs)),
      bwdLoadImbalanceMs: imbalance(r.ranks.map((k) => k.backwardTimeMs)),
      overheadMs: Math.max(
        0,
        r.iterationTimeMs - r.forwardTimeMs - r.backwardTimeMs - r.lowerBoundTimeMs - r.selectionTimeMs,
      ),
    },
  };
}

/** Slowest minus fastest worker: time the others waited at the barrier. */
function imbalance(times: readonly number[]): number {
  return times.length === 0 ? 0 : Math.max(...times) - Math.min(...times);
}
