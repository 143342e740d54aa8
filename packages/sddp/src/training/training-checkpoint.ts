/**
 * Checkpoints for resuming training: the Cobre policy checkpoint (`policy/cuts/*.bin`,
 * `policy/metadata.json`) plus `policy/training_state.json`, our extension holding what
 * the FlatBuffers format has no place for — the convergence history so far, the cut
 * selection counters and the warm-start bases — so a resumed run ends exactly as an
 * uninterrupted one. The files themselves (staging, publishing, reading back) are
 * `@cobre/io`'s (`checkpoint-staging`).
 *
 * Bases: the next forward pass starts every stage from the policy's basis (see
 * `BasisStore`), so an exact resume needs it. `training_state.json` always carries it;
 * `policy/basis/stage_NNN.bin` (the Cobre format) is written only when
 * `policy.checkpointing.store_basis` asks, for warm starts and simulations from a
 * saved policy.
 */
import path from "node:path";
import { type Case, type ErrorKindSubset, type ErrorRecord, type Result, err, ok } from "@cobre/core";
import {
  checkpointCandidates,
  type PolicyMetadata,
  prepareCheckpointStaging,
  publishStagedCheckpoint,
  readOptionalCheckpointText,
  readPolicy,
  type StageBasisData,
  writeJsonAtomic,
  writePolicyCheckpoint,
} from "@cobre/io";
import { createHash } from "node:crypto";
import type { CutPool } from "../cuts/cut-pool";
import type { RawBasis } from "../lp/basis-store";
import { VisitedStates } from "../cuts/cut-selection";
import { Policy } from "../policy";
import type { IterationRecord } from "./training-loop";

export const TRAINING_STATE_FILE = "training_state.json";

const FORMAT = "cobre-ts/training-state";

/** A checkpoint write or read that failed: the registry's `CheckpointFailed`, naming the file. */
export type CheckpointError = ErrorRecord<ErrorKindSubset<"CheckpointFailed">, { readonly path: string }>;

function checkpointFailed(message: string, path: string, suggestion?: string): CheckpointError {
  return { kind: "CheckpointFailed", message, context: { path }, ...(suggestion === undefined ? {} : { suggestion }) };
}

interface TrainingStateFile {
  readonly format: typeof FORMAT;
  readonly version: 1;
  readonly iteration: number;
  readonly seed: number;
  readonly history: readonly IterationRecord[];
  readonly selection: readonly { readonly lastActiveIteration: number[]; readonly activityCount: number[] }[];
  readonly visited: readonly { readonly iterations: number[]; readonly states: number[] }[];
  /**
   * The policy's basis per stage as the basis store keeps it (columns, template rows, one
   * status per pool cut; bytes in base64); absent in older checkpoints (cold resume).
   */
  readonly bases?: readonly SavedBasis[];
}

interface SavedBasis {
  readonly stage: number;
  readonly iteration: number;
  readonly cutCount: number;
  readonly status: string;
}

function saveBasis(b: RawBasis): SavedBasis {
  const bytes = Buffer.from(b.status.buffer, b.status.byteOffset, b.status.byteLength);
  return { stage: b.stage, iteration: b.iteration, cutCount: b.cutCount, status: bytes.toString("base64") };
}

function loadBasis(b: SavedBasis): RawBasis {
  return {
    stage: b.stage,
    iteration: b.iteration,
    cutCount: b.cutCount,
    status: new Uint8Array(Buffer.from(b.status, "base64")),
  };
}

function sha256(text: string): string {
  return `sha256:${createHash("sha256").update(text).digest("hex")}`;
}

/** The best (lowest) upper bound of the history and of the checkpoint resumed from. */
function bestUpperBound(history: readonly IterationRecord[], before: number | null): number | null {
  const all = history.map((h) => h.upperBoundMean);
  if (before !== null) all.push(before);
  return all.length === 0 ? null : Math.min(...all);
}

/** The `system_hash` of a case in the policy metadata: SHA-256 of its system, as loaded. */
export function systemHash(c: Case): string {
  return sha256(JSON.stringify(c.system));
}

/** Writes the policy checkpoint and the training state into `policyDir` (e.g. `<output>/policy`). */
export async function writeTrainingCheckpoint(
  policyDir: string,
  c: Case,
  snapshot: {
    iteration: number;
    pools: readonly CutPool[];
    history: readonly IterationRecord[];
    visited: readonly VisitedStates[];
    seed: number;
    /** Bounds of the checkpoint resumed from, for iterations the history does not hold. */
    before?: { readonly finalLowerBound: number; readonly bestUpperBound: number | null };
    /** The policy's basis per stage (stages without one left out), in the Cobre format. */
    bases?: readonly StageBasisData[];
    /** The same, as the basis store keeps them (for an exact resume). */
    rawBases?: readonly RawBasis[];
  },
  cobreVersion: string,
): Promise<Result<void, CheckpointError>> {
  const { pools, history } = snapshot;
  const maxIterations = Math.min(
    ...c.config.training.stoppingRules.flatMap((r) => (r.type === "iteration_limit" ? [r.limit] : [])),
    Number.MAX_SAFE_INTEGER,
  );
  // Written whole beside the live checkpoint, then published (see @cobre/io checkpoint-staging).
  const stagingParent = await prepareCheckpointStaging(policyDir);
  const written = await writePolicyCheckpoint(stagingParent, {
    stages: pools.map((p, stageIndex) => ({
      stageIndex,
      stateDimension: p.stateDim,
      cuts: {
        intercepts: p.intercepts.subarray(0, p.size),
        coefficients: p.coefficients.subarray(0, p.size * p.stateDim),
        active: p.active.subarray(0, p.size),
        iterations: p.iterations.subarray(0, p.size),
        forwardPasses: p.forwardPasses.subarray(0, p.size),
      },
    })),
    // policy.checkpointing.store_basis: the Cobre basis files.
    ...(c.config.policy.checkpointing.storeBasis ? { bases: snapshot.bases ?? [] } : {}),
    // exports.states: the visited trial points, one states/stage_NNN.bin per stage.
    ...(c.config.exports.states
      ? {
          states: snapshot.visited.map((v, stageIndex) => ({
            stageIndex,
            stateDimension: v.dim,
            data: Float64Array.from(v.toJSON().states),
          })),
        }
      : {}),
    metadata: {
      cobreVersion,
      completedIterations: snapshot.iteration,
      finalLowerBound: history[history.length - 1]?.lowerBound ?? snapshot.before?.finalLowerBound ?? Number.NaN,
      bestUpperBound: bestUpperBound(history, snapshot.before?.bestUpperBound ?? null),
      configHash: sha256(JSON.stringify(c.config)),
      systemHash: systemHash(c),
      maxIterations,
      forwardPasses: c.config.training.forwardPasses,
      rngSeed: snapshot.seed,
    },
  });
  const file = path.join(stagingParent, "policy", TRAINING_STATE_FILE);
  if (!written.ok) return err(checkpointFailed(written.error.message, written.error.path ?? file));
  const state: TrainingStateFile = {
    format: FORMAT,
    version: 1,
    iteration: snapshot.iteration,
    seed: snapshot.seed,
    history,
    selection: pools.map((p) => ({
      lastActiveIteration: Array.from(p.lastActiveIteration.subarray(0, p.size)),
      activityCount: Array.from(p.activityCount.subarray(0, p.size)),
    })),
    visited: snapshot.visited.map((v) => v.toJSON()),
    bases: (snapshot.rawBases ?? []).map(saveBasis),
  };
  const saved = await writeJsonAtomic(file, state);
  if (!saved.ok) return err(checkpointFailed("could not write the training state", file));
  const published = await publishStagedCheckpoint(policyDir);
  if (!published.ok) {
    return err(checkpointFailed(published.error.message, published.error.path ?? policyDir));
  }
  return ok(undefined);
}

/** A checkpoint read back for resuming. */
export interface ResumePoint {
  readonly pools: readonly CutPool[];
  /** Convergence records so far (empty when the checkpoint has no training state). */
  readonly history: readonly IterationRecord[];
  readonly visited: VisitedStates[];
  readonly seed: number;
  /** Iterations completed: numbering continues after it. */
  readonly iteration: number;
  /** The policy directory read, and its metadata. */
  readonly policyDir: string;
  readonly metadata: PolicyMetadata;
  /**
   * What the checkpoint could not restore and starts afresh (empty for a checkpoint of
   * ours). A policy written by the Rust tool has no `training_state.json`: the cuts (and
   * visited states, when present) are restored; the convergence history and the
   * cut-selection activity counters start afresh.
   */
  readonly startsAfresh: readonly string[];
  /** The policy's bases in the Cobre format (`policy/basis/`, when written). */
  readonly bases: readonly StageBasisData[];
  /** The basis store's policy slots as saved in `training_state.json` (exact resume). */
  readonly rawBases: readonly RawBasis[];
}

/**
 * Reads the checkpoint in `policyDir` (or, after a crash mid-publish, its staged or
 * parked copy): cuts with selection counters, visited states and the history. A policy
 * without `training_state.json` (written by the Rust tool, or with the file deleted)
 * still resumes, from its cuts, visited states and metadata; `startsAfresh` says what
 * is lost.
 */
export async function readTrainingCheckpoint(policyDir: string): Promise<Result<ResumePoint, CheckpointError>> {
  let first: CheckpointError | undefined;
  let policyOnly: ResumePoint | undefined;
  for (const dir of checkpointCandidates(policyDir)) {
    const r = await readCheckpointAt(dir);
    if (r.ok && r.value.startsAfresh.length === 0) return r;
    if (r.ok) policyOnly ??= r.value;
    else first ??= r.error;
  }
  return policyOnly !== undefined ? ok(policyOnly) : err(first!);
}

async function readCheckpointAt(dir: string): Promise<Result<ResumePoint, CheckpointError>> {
  const read = await readPolicy(dir);
  if (!read.ok) {
    return err(
      checkpointFailed(
        `no readable policy checkpoint: ${read.error.message}`,
        read.error.path ?? dir,
        "Resume needs the policy directory (policy.path, under the output directory) of an earlier run.",
      ),
    );
  }
  const meta = read.value.metadata;
  const file = path.join(dir, TRAINING_STATE_FILE);
  const stateText = await readOptionalCheckpointText(file);
  if (!stateText.ok) return err(checkpointFailed(stateText.error.message, file));
  const text = stateText.value;
  const policy = Policy.fromCheckpoint(read.value);
  if (text === null) return ok(policyOnlyResume(policy, read.value.states, meta, dir));
  let state: TrainingStateFile;
  try {
    state = JSON.parse(text) as TrainingStateFile;
  } catch (e) {
    return err(
      checkpointFailed(
        `cannot parse ${TRAINING_STATE_FILE}: ${e instanceof Error ? e.message : String(e)}`,
        file,
        `Delete ${TRAINING_STATE_FILE} to resume from the cuts alone.`,
      ),
    );
  }
  if (state.format !== FORMAT || state.version !== 1 || state.iteration !== meta.completedIterations) {
    return err(checkpointFailed("training state does not match the policy checkpoint", file));
  }
  policy.pools.forEach((p, t) => {
    const sel = state.selection[t];
    if (sel === undefined) return;
    p.lastActiveIteration.set(sel.lastActiveIteration.slice(0, p.size));
    p.activityCount.set(sel.activityCount.slice(0, p.size));
  });
  const visited = policy.pools.map((p, t) =>
    VisitedStates.fromJSON(p.stateDim, state.visited?.[t] ?? { iterations: [], states: [] }),
  );
  const rawBases = state.bases?.map(loadBasis) ?? [];
  return ok({
    pools: policy.pools,
    history: state.history,
    visited,
    seed: state.seed,
    iteration: state.iteration,
    policyDir: dir,
    metadata: meta,
    startsAfresh: [],
    bases: read.value.bases,
    rawBases,
  });
}

/**
 * A resume point from the policy files alone. Visited states come from `states/` when
 * the run exported them; each is tagged with the iteration that visited it when the
 * count says one state per forward pass per iteration, else with the last iteration.
 */
function policyOnlyResume(
  policy: Policy,
  states: readonly { readonly stageIndex: number; readonly stateDimension: number; readonly data: Float64Array }[],
  meta: PolicyMetadata,
  dir: string,
): ResumePoint {
  const visited = policy.pools.map((p) => new VisitedStates(p.stateDim));
  for (const s of states) {
    const v = visited[s.stageIndex];
    if (v === undefined || s.stateDimension !== v.dim || v.dim === 0) continue;
    const count = s.data.length / v.dim;
    const perIteration = count === meta.completedIterations * meta.forwardPasses ? meta.forwardPasses : 0;
    for (let k = 0; k < count; k++) {
      const iteration = perIteration > 0 ? Math.floor(k / perIteration) + 1 : meta.completedIterations;
      v.add(s.data.subarray(k * v.dim, (k + 1) * v.dim), iteration);
    }
  }
  const afresh = [
    "the convergence history (bound-stalling and simulation stopping rules see only the new iterations)",
    "the cut-selection activity counters",
  ];
  if (states.length === 0) afresh.push("the visited states (the policy has no states/)");
  return {
    pools: policy.pools,
    history: [],
    visited,
    seed: Number(meta.rngSeed),
    iteration: meta.completedIterations,
    policyDir: dir,
    metadata: meta,
    startsAfresh: afresh,
    bases: policy.bases,
    rawBases: [],
  };
}
