/** `WorkerInfo`: what each worker of a multi-worker run did (Python bindings §2.7). */
import type { IterationRecord } from "../training/training-loop";

export interface WorkerInfo {
  /** 0-based; scenario slice r of every pass goes to rank r. */
  readonly rank: number;
  /** Forward plus backward wall time of its slices, summed over iterations (ms). */
  readonly wallTimeMs: number;
  /** `worker_threads` (Piscina pool) or `local` (the calling thread). */
  readonly backend: "worker_threads" | "local";
  readonly lpSolves: number;
  /** Forward scenarios it processed, over all iterations. */
  readonly scenariosProcessed: number;
}

/** Per-rank totals of a history, one entry per worker (ranks without a slice are zero). */
export function workerInfos(history: readonly IterationRecord[], workers: number): WorkerInfo[] {
  const backend: WorkerInfo["backend"] = workers > 1 ? "worker_threads" : "local";
  const out = Array.from({ length: workers }, (_, rank) => ({
    rank,
    wallTimeMs: 0,
    backend,
    lpSolves: 0,
    scenariosProcessed: 0,
  }));
  for (const r of history) {
    for (const k of r.ranks) {
      const w = out[k.rank];
      if (w === undefined) continue;
      w.wallTimeMs += k.forwardTimeMs + k.backwardTimeMs;
      w.lpSolves += k.lpSolves;
      w.scenariosProcessed += k.scenariosProcessed;
    }
  }
  return out;
}
