/**
 * Checkpoints for resuming training: the Cobre policy checkpoint (`policy/cuts/*.bin`,
 * `policy/metadata.json`) plus `policy/training_state.json`, our extension holding what
 * the FlatBuffers format has no place for — the convergence history so far and the cut
 * selection counters — so a resumed run ends exactly as an uninterrupted one.
 */
import { mkdir, readFile, rename, rm } from "node:fs/promises";
import path from "node:path";
import { type Case, type Result, err, ok } from "@cobre/core";
import { readPolicy, writeJsonAtomic, writePolicyCheckpoint } from "@cobre/io";
import { createHash } from "node:crypto";
import type { CutPool } from "../cuts/cut-pool";
import { VisitedStates } from "../cuts/cut-selection";
import { Policy } from "../policy";
import type { IterationRecord } from "./training-loop";

export const TRAINING_STATE_FILE = "training_state.json";

/**
 * A checkpoint is written whole into `<out>/.checkpoint/policy/` and then published by
 * two renames (live → `.checkpoint/old/policy`, staged → live), so a process killed at
 * any instant leaves at least one complete checkpoint: the live one, the staged one, or
 * the previous one parked in `old/`. `readTrainingCheckpoint` looks in that order.
 */
const STAGING = ".checkpoint";

function candidates(outputDir: string): string[] {
  // Parents of a `policy/` directory, best first.
  return [outputDir, path.join(outputDir, STAGING), path.join(outputDir, STAGING, "old")];
}

async function publish(outputDir: string): Promise<void> {
  const live = path.join(outputDir, "policy");
  const staged = path.join(outputDir, STAGING, "policy");
  const oldParent = path.join(outputDir, STAGING, "old");
  await rm(oldParent, { recursive: true, force: true });
  await mkdir(oldParent, { recursive: true });
  await rename(live, path.join(oldParent, "policy")).catch((e: NodeJS.ErrnoException) => {
    if (e.code !== "ENOENT") throw e;
  });
  await rename(staged, live);
  await rm(path.join(outputDir, STAGING), { recursive: true, force: true });
}
const FORMAT = "cobre-ts/training-state";

export interface CheckpointError {
  readonly kind: "CheckpointError";
  readonly message: string;
  readonly path: string;
  readonly suggestion?: string;
}

interface TrainingStateFile {
  readonly format: typeof FORMAT;
  readonly version: 1;
  readonly iteration: number;
  readonly seed: number;
  readonly history: readonly IterationRecord[];
  readonly selection: readonly { readonly lastActiveIteration: number[]; readonly activityCount: number[] }[];
  readonly visited: readonly { readonly iterations: number[]; readonly states: number[] }[];
}

function sha256(text: string): string {
  return `sha256:${createHash("sha256").update(text).digest("hex")}`;
}

/** Writes the policy checkpoint and the training state under `<outputDir>/policy/`. */
export async function writeTrainingCheckpoint(
  outputDir: string,
  c: Case,
  snapshot: {
    iteration: number;
    pools: readonly CutPool[];
    history: readonly IterationRecord[];
    visited: readonly VisitedStates[];
    seed: number;
  },
  cobreVersion: string,
): Promise<Result<void, CheckpointError>> {
  const { pools, history } = snapshot;
  const maxIterations = Math.min(
    ...c.config.training.stoppingRules.flatMap((r) => (r.type === "iteration_limit" ? [r.limit] : [])),
    Number.MAX_SAFE_INTEGER,
  );
  const stagingParent = path.join(outputDir, STAGING);
  await rm(stagingParent, { recursive: true, force: true });
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
      finalLowerBound: history[history.length - 1]?.lowerBound ?? Number.NaN,
      bestUpperBound: history.length === 0 ? null : Math.min(...history.map((h) => h.upperBoundMean)),
      configHash: sha256(JSON.stringify(c.config)),
      systemHash: sha256(JSON.stringify(c.system)),
      maxIterations,
      forwardPasses: c.config.training.forwardPasses,
      rngSeed: snapshot.seed,
    },
  });
  const file = path.join(stagingParent, "policy", TRAINING_STATE_FILE);
  if (!written.ok)
    return err({ kind: "CheckpointError", message: written.error.message, path: written.error.path ?? file });
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
  };
  const saved = await writeJsonAtomic(file, state);
  if (!saved.ok) return err({ kind: "CheckpointError", message: "could not write the training state", path: file });
  try {
    await publish(outputDir);
  } catch (e) {
    return err({
      kind: "CheckpointError",
      message: `could not publish the checkpoint: ${e instanceof Error ? e.message : String(e)}`,
      path: path.join(outputDir, "policy"),
    });
  }
  return ok(undefined);
}

/** Reads a checkpoint written by `writeTrainingCheckpoint`: cuts with selection counters, and the history. */
export async function readTrainingCheckpoint(
  outputDir: string,
): Promise<
  Result<
    { pools: readonly CutPool[]; history: readonly IterationRecord[]; visited: VisitedStates[]; seed: number },
    CheckpointError
  >
> {
  let first: CheckpointError | undefined;
  for (const parent of candidates(outputDir)) {
    const r = await readCheckpointAt(parent);
    if (r.ok) return r;
    first ??= r.error;
  }
  return err(first!);
}

async function readCheckpointAt(
  policyParent: string,
): Promise<
  Result<
    { pools: readonly CutPool[]; history: readonly IterationRecord[]; visited: VisitedStates[]; seed: number },
    CheckpointError
  >
> {
  const read = await readPolicy(policyParent);
  if (!read.ok) {
    return err({
      kind: "CheckpointError",
      message: `no readable policy checkpoint: ${read.error.message}`,
      path: read.error.path ?? policyParent,
      suggestion: "Resume needs the output directory of an earlier run with policy/ in it.",
    });
  }
  const file = path.join(policyParent, "policy", TRAINING_STATE_FILE);
  let state: TrainingStateFile;
  try {
    state = JSON.parse(await readFile(file, "utf8")) as TrainingStateFile;
  } catch (e) {
    return err({
      kind: "CheckpointError",
      message: `cannot read ${TRAINING_STATE_FILE}: ${e instanceof Error ? e.message : String(e)}`,
      path: file,
      suggestion: "Use policy mode warm_start to continue from the cuts alone.",
    });
  }
  if (state.format !== FORMAT || state.version !== 1 || state.iteration !== read.value.metadata.completedIterations) {
    return err({ kind: "CheckpointError", message: "training state does not match the policy checkpoint", path: file });
  }
  const policy = Policy.fromCheckpoint(read.value);
  policy.pools.forEach((p, t) => {
    const sel = state.selection[t];
    if (sel === undefined) return;
    p.lastActiveIteration.set(sel.lastActiveIteration.slice(0, p.size));
    p.activityCount.set(sel.activityCount.slice(0, p.size));
  });
  const visited = policy.pools.map((p, t) =>
    VisitedStates.fromJSON(p.stateDim, state.visited?.[t] ?? { iterations: [], states: [] }),
  );
  return ok({ pools: policy.pools, history: state.history, visited, seed: state.seed });
}
