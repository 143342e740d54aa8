/**
 * The file side of training checkpoints: a checkpoint of the policy directory
 * `<parent>/<name>` (Cobre: `<output>/<policy.path>`, by default `<output>/policy`) is
 * written whole into `<parent>/.checkpoint/policy/` and then published by two renames
 * (live → `.checkpoint/old/policy`, staged → live). A process killed at any instant
 * leaves at least one complete checkpoint: the live one, the staged one, or the previous
 * one parked in `old/`; {@link checkpointCandidates} lists them in that order.
 *
 * What goes into a checkpoint (cuts, bases, the engine's training state) is the
 * engine's business; where and how it becomes durable is this file's.
 */
import { mkdir, readFile, rename, rm, stat } from "node:fs/promises";
import path from "node:path";
import { err, ok, type Result } from "@cobre/core";
import type { PolicyError } from "./types";

const STAGING = ".checkpoint";

/**
 * Empties the staging area of `policyDir` and returns the directory to write the next
 * checkpoint under (`writePolicyCheckpoint(staging, …)` writes `<staging>/policy`).
 */
export async function prepareCheckpointStaging(policyDir: string): Promise<string> {
  const staging = path.join(path.dirname(policyDir), STAGING);
  await rm(staging, { recursive: true, force: true });
  return staging;
}

/** The staged copy of `policyDir` (where a checkpoint is written before it is published). */
export function stagedPolicyDir(policyDir: string): string {
  return path.join(path.dirname(policyDir), STAGING, "policy");
}

/** Places a checkpoint of `policyDir` may be found after a crash, best first. */
export function checkpointCandidates(policyDir: string): string[] {
  const parent = path.dirname(policyDir);
  return [policyDir, path.join(parent, STAGING, "policy"), path.join(parent, STAGING, "old", "policy")];
}

/** Publishes the staged checkpoint as `policyDir` (two renames, then the staging area goes). */
export async function publishStagedCheckpoint(policyDir: string): Promise<Result<void, PolicyError>> {
  const parent = path.dirname(policyDir);
  const oldParent = path.join(parent, STAGING, "old");
  try {
    await rm(oldParent, { recursive: true, force: true });
    await mkdir(oldParent, { recursive: true });
    await rename(policyDir, path.join(oldParent, "policy")).catch((e: NodeJS.ErrnoException) => {
      if (e.code !== "ENOENT") throw e;
    });
    await rename(stagedPolicyDir(policyDir), policyDir);
    await rm(path.join(parent, STAGING), { recursive: true, force: true });
    return ok(undefined);
  } catch (e) {
    return err({
      kind: "IoError",
      message: `could not publish the checkpoint: ${e instanceof Error ? e.message : String(e)}`,
      path: policyDir,
    });
  }
}

/**
 * Reads a text file of a checkpoint that may legitimately be absent (e.g. the engine's
 * own training state, which a policy written by another tool does not have): `null`
 * when there is no such file, an `IoError` when it exists but cannot be read.
 */
export async function readOptionalCheckpointText(file: string): Promise<Result<string | null, PolicyError>> {
  try {
    return ok(await readFile(file, "utf8"));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return ok(null);
    return err({
      kind: "IoError",
      message: `cannot read ${path.basename(file)}: ${e instanceof Error ? e.message : String(e)}`,
      path: file,
    });
  }
}

/**
 * The policy directory a resume names: `<dir>/policy` when `dir` holds one (an output
 * directory was given), else `dir` itself (the policy directory was given).
 */
export async function policyDirectoryIn(dir: string): Promise<string> {
  const nested = path.join(dir, "policy");
  const isDir = await stat(nested).then(
    (s) => s.isDirectory(),
    () => false,
  );
  return isDir ? nested : dir;
}
