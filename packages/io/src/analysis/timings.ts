/**
 * Wall-clock timings of a run. Training and simulation spans come from the manifests'
 * start/end stamps; the phase split comes from the per-iteration times of the
 * convergence log (forward, backward, and the rest: lower bound, cut selection, I/O).
 */
import type { SimulationManifest, TrainingManifest } from "../output/manifest/types";
import type { ConvergenceLogRow } from "./convergence";

export interface Timings {
  /** From `training/_manifest.json` start/end (includes setup); null if not stamped. */
  readonly training_seconds: number | null;
  /** Sum of the iterations' wall times. */
  readonly iterations_seconds: number;
  readonly forward_seconds: number;
  readonly backward_seconds: number;
  /** Iteration time outside forward and backward passes. */
  readonly other_seconds: number;
  readonly mean_iteration_ms: number | null;
  /** From `simulation/_manifest.json` start/end; null without a simulation. */
  readonly simulation_seconds: number | null;
}

function span(start: string | null | undefined, end: string | null | undefined): number | null {
  if (start == null || end == null) return null;
  const s = Date.parse(start);
  const e = Date.parse(end);
  return Number.isFinite(s) && Number.isFinite(e) ? (e - s) / 1000 : null;
}

/** Timings of a run from its manifests and convergence log (empty when the log is absent). */
export function timings(
  training: TrainingManifest,
  log: readonly ConvergenceLogRow[],
  simulation: SimulationManifest | null,
): Timings {
  const sum = (f: (r: ConvergenceLogRow) => number) => log.reduce((a, r) => a + f(r), 0) / 1000;
  const total = sum((r) => r.time_total_ms);
  const forward = sum((r) => r.time_forward_ms);
  const backward = sum((r) => r.time_backward_ms);
  return {
    training_seconds: span(training.started_at, training.completed_at),
    iterations_seconds: total,
    forward_seconds: forward,
    backward_seconds: backward,
    other_seconds: Math.max(0, total - forward - backward),
    mean_iteration_ms: log.length === 0 ? null : (1000 * total) / log.length,
    simulation_seconds: simulation === null ? null : span(simulation.started_at, simulation.completed_at),
  };
}
