/** Messages between the coordinator and Piscina worker threads (structured-clone data only). */
import type { Case } from "@cobre/core";
import type { ParquetWriterConfig } from "@cobre/io";
import type { SolverError } from "@cobre/solver";
import type { SolveSite } from "../errors";
import type { TrainingStateBuffers } from "../training/training-state";
import type { TaskStats } from "./worker-core";

/** One thread's share of a training iteration (see `WorkerCore.iterationPass`). */
export interface IterationPassStats {
  readonly forward: TaskStats;
  readonly backward: TaskStats;
  readonly lowerBound: TaskStats;
  /** The lower-bound openings this thread solved, as pairs `[opening, objective, …]`. */
  readonly lowerBoundValues: Float64Array;
}

export interface WorkerInit {
  readonly case: Case;
  readonly state: TrainingStateBuffers;
}

export type WorkerTask =
  | {
      readonly kind: "forward";
      readonly iteration: number;
      readonly first: number;
      readonly count: number;
      readonly cutCounts: readonly number[];
    }
  | {
      readonly kind: "backward";
      readonly stage: number;
      readonly iteration: number;
      readonly first: number;
      readonly count: number;
      readonly cutCounts: readonly number[];
    }
  | {
      /** A whole training iteration, one such task per thread (see `IterationSync`). */
      readonly kind: "iterationPass";
      readonly iteration: number;
      readonly cutCounts: readonly number[];
      readonly sync: SharedArrayBuffer;
      readonly parties: number;
    }
  | { readonly kind: "lowerBound"; readonly iteration: number; readonly cutCounts: readonly number[] }
  | {
      readonly kind: "policyCosts";
      readonly first: number;
      readonly count: number;
      readonly cutCounts: readonly number[];
      readonly sampleKey: number;
    }
  | {
      readonly kind: "simulate";
      readonly first: number;
      readonly count: number;
      readonly cutCounts: readonly number[];
      /** Encode the output partitions in the worker with these Parquet settings (null: return columns). */
      readonly encode: ParquetWriterConfig | null;
    };

/** A task's answer: its value and statistics, or the LP that could not be solved. */
export type WorkerReply =
  | { readonly value: unknown; readonly stats: TaskStats }
  | { readonly failure: { readonly solverError: SolverError; readonly site: SolveSite } };
