/**
 * Progress events of `trainCase` / `simulateCase` (Python bindings §2.9). The coordinator
 * emits them — one stream whatever the number of workers — so `workerId` is null.
 */
import type { IterationRecord } from "../training/training-loop";

export interface TrainingProgressEvent {
  readonly phase: "training";
  /** 1-based. */
  readonly iteration: number;
  readonly lowerBound: number;
  /** Mean forward-pass cost of the iteration. */
  readonly upperBound: number;
  readonly upperBoundStd: number;
  /** Half-width of the 95% confidence interval of the upper bound. */
  readonly ci95: number;
  /** (UB − LB) / max(1, |UB|). */
  readonly gap: number;
  /** Since training started. */
  readonly wallTimeMs: number;
  readonly iterationTimeMs: number;
  readonly scenariosComplete: null;
  readonly scenariosTotal: null;
  readonly workerId: number | null;
}

export interface SimulationProgressEvent {
  readonly phase: "simulation";
  readonly iteration: null;
  readonly scenariosComplete: number;
  readonly scenariosTotal: number;
  /** Since simulation started. */
  readonly wallTimeMs: number;
  readonly workerId: number | null;
}

export type CobreProgressEvent = TrainingProgressEvent | SimulationProgressEvent;

export function trainingProgress(r: IterationRecord): TrainingProgressEvent {
  return {
    phase: "training",
    iteration: r.iteration,
    lowerBound: r.lowerBound,
    upperBound: r.upperBoundMean,
    upperBoundStd: r.upperBoundStd,
    ci95: r.ci95HalfWidth,
    gap: r.gap,
    wallTimeMs: r.wallTimeMs,
    iterationTimeMs: r.iterationTimeMs,
    scenariosComplete: null,
    scenariosTotal: null,
    workerId: null,
  };
}
