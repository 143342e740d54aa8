/**
 * Warnings the engine raises while preparing a study: things that do not stop a run but
 * that a planner must know about because they change or approximate the model (an
 * estimated correlation matrix clipped to PSD, a fitted season reduced to white noise,
 * a configured option this engine does not implement, a sampling method that falls back).
 * Returned with the training outcome and the run summary; `cobre run` prints them.
 */
import type { ErrorKindSubset } from "@cobre/core";

export interface EngineWarning {
  readonly kind: ErrorKindSubset<
    | "EstimationWarning"
    | "CorrelationClipped"
    | "SamplingFallback"
    | "OpeningsClamped"
    | "HistoricalWindows"
    | "UnsupportedOption"
    | "ResumeWithoutTrainingState"
    | "LowDiskSpace"
  >;
  readonly message: string;
  readonly context: Readonly<Record<string, unknown>>;
}
