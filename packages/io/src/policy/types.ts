/**
 * Data types of the policy checkpoint (`policy/` directory of a study): the cut pool,
 * simplex bases and visited states of every stage, plus `metadata.json`.
 *
 * The same shapes are used for writing and for what is read back, so a round trip can be
 * compared field by field.
 */
import type { ErrorKindSubset } from "@cobre/core";

/** The cuts of one stage, column-wise. `n` cuts, `d` = `stateDimension`. */
export interface CutColumns {
  /** Intercept of each cut (length n). */
  readonly intercepts: Float64Array;
  /** Row-major n × d matrix of cut coefficients. */
  readonly coefficients: Float64Array;
  /** 1 when the cut is active in the LP, 0 otherwise (length n). */
  readonly active: Uint8Array;
  /** Training iteration that generated each cut (length n, non-negative). */
  readonly iterations: Int32Array;
  /** Forward-pass index within that iteration (length n, non-negative). */
  readonly forwardPasses: Int32Array;
  /** Unique cut identifiers (length n). Written as `0..n-1` when omitted. */
  readonly cutIds?: BigUint64Array;
  /** LP row slot of each cut (length n). Written as `0..n-1` when omitted. */
  readonly slotIndices?: Uint32Array;
  /**
   * Row-major n × d matrix of the trial states that generated the cuts. Omitted or empty
   * when not tracked (the usual case); then nothing is written.
   */
  readonly statesAtGeneration?: Float64Array;
}

/** The cut pool of one stage: one `policy/cuts/stage_NNN.bin`. */
export interface StageCutsData {
  /** Zero-based stage index. */
  readonly stageIndex: number;
  /** Number of state variables (length of each coefficient row). */
  readonly stateDimension: number;
  readonly cuts: CutColumns;
  /** Preallocated slots of the pool; defaults to the number of cuts. */
  readonly capacity?: number;
  /** Leading slots loaded from a warm-start policy; defaults to 0. */
  readonly warmStartCount?: number;
}

/** The cut pool of one stage as read back: every optional field is filled. */
export interface StageCutsRead extends StageCutsData {
  readonly cuts: Required<CutColumns>;
  readonly capacity: number;
  readonly warmStartCount: number;
  /** Indices of the active cuts, as stored in the file. */
  readonly activeCutIndices: Uint32Array;
}

/** A simplex basis of one stage: one `policy/basis/stage_NNN.bin`. */
export interface StageBasisData {
  readonly stageIndex: number;
  /** Iteration in which the basis was captured. */
  readonly iteration: number;
  /** Solver status code per LP column. */
  readonly columnStatus: Uint8Array;
  /** Solver status code per LP row (cut rows last). */
  readonly rowStatus: Uint8Array;
  /** Number of trailing rows of `rowStatus` that are cut rows. */
  readonly numCutRows: number;
}

/** Visited forward-pass states of one stage: one `policy/states/stage_NNN.bin`. */
export interface StageStatesData {
  readonly stageIndex: number;
  readonly stateDimension: number;
  /** Row-major count × stateDimension matrix. */
  readonly data: Float64Array;
}

/** Metadata supplied by the caller; the writer derives the rest (dimensions, checksums). */
export interface PolicyMetadataInput {
  /** Version of Cobre-TS writing the checkpoint. */
  readonly cobreVersion: string;
  /** ISO 8601 timestamp; defaults to the current time. */
  readonly createdAt?: string;
  readonly completedIterations: number;
  /** Lower bound after the last completed iteration (finite). */
  readonly finalLowerBound: number;
  /** Best upper bound seen, or null when it was not evaluated. */
  readonly bestUpperBound: number | null;
  readonly configHash: string;
  readonly systemHash: string;
  readonly maxIterations: number;
  readonly forwardPasses: number;
  /** Cuts loaded from a previous policy at run start; defaults to 0. */
  readonly warmStartCuts?: number;
  /** Per-stage warm-start counts; defaults to each stage's `warmStartCount`. */
  readonly warmStartCounts?: readonly number[];
  /** Seed of the scenario sampler (unsigned 64-bit). */
  readonly rngSeed: bigint | number;
  /** Opaque serialized RNG state, when the sampler has one to resume from. */
  readonly rngState?: string | null;
}

/** Integrity record of one binary file, relative to the `policy/` directory. */
export interface PolicyFileChecksum {
  /** Size in bytes. */
  readonly bytes: number;
  /** xxHash64 (seed 0) of the whole file, 16 lowercase hex digits. */
  readonly xxhash64: string;
}

/** Contents of `policy/metadata.json`. */
export interface PolicyMetadata {
  /** Checkpoint format version; null for files written without one (legacy). */
  readonly version: string | null;
  readonly cobreVersion: string;
  readonly createdAt: string;
  readonly completedIterations: number;
  readonly finalLowerBound: number;
  readonly bestUpperBound: number | null;
  readonly stateDimension: number;
  readonly numStages: number;
  readonly configHash: string | null;
  readonly systemHash: string | null;
  readonly maxIterations: number;
  readonly forwardPasses: number;
  readonly warmStartCuts: number;
  readonly warmStartCounts: readonly number[];
  readonly rngSeed: bigint;
  readonly rngState: string | null;
  readonly totalVisitedStates: number;
  /** Checksums keyed by path relative to `policy/` (e.g. `cuts/stage_000.bin`); empty for legacy files. */
  readonly checksums: Readonly<Record<string, PolicyFileChecksum>>;
}

/** What `writePolicyCheckpoint` takes. */
export interface PolicyCheckpointInput {
  /** One cut pool per stage; stage indices must be exactly `0..n-1` (any order). */
  readonly stages: readonly StageCutsData[];
  /** Bases for any subset of the stages. */
  readonly bases?: readonly StageBasisData[];
  /** Visited states for any subset of the stages. */
  readonly states?: readonly StageStatesData[];
  readonly metadata: PolicyMetadataInput;
}

/** A checkpoint read back by `readPolicy`, stages sorted by index. */
export interface PolicyCheckpoint {
  readonly metadata: PolicyMetadata;
  readonly stages: readonly StageCutsRead[];
  readonly bases: readonly StageBasisData[];
  readonly states: readonly StageStatesData[];
}

/** What `writePolicyCheckpoint` reports. */
export interface PolicyWriteSummary {
  /** Absolute path of the `policy/` directory. */
  readonly policyDir: string;
  /** Paths written, relative to `policy/`, `metadata.json` last. */
  readonly files: readonly string[];
  readonly metadata: PolicyMetadata;
}

/**
 * Why a policy operation failed.
 * - `MissingFile`: a required file does not exist.
 * - `TruncatedFile`: a file is shorter than recorded, or its references point past its end.
 * - `Corrupted`: checksum mismatch, malformed FlatBuffer or JSON, or inconsistent contents.
 * - `VersionMismatch`: the checkpoint format version is not supported.
 * - `InvalidInput`: the data given to the writer is inconsistent.
 * - `IoError`: the file system failed otherwise.
 */
export type PolicyErrorKind = ErrorKindSubset<
  "MissingFile" | "TruncatedFile" | "Corrupted" | "VersionMismatch" | "InvalidInput" | "IoError"
>;

export interface PolicyError {
  readonly kind: PolicyErrorKind;
  readonly message: string;
  /** File concerned, when there is one. */
  readonly path?: string;
}
