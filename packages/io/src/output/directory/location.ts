/**
 * Checks and prepares an output directory before a run does any work, so a bad `--output`
 * fails in a second with a sentence a planner understands instead of after hours of
 * training with an OS error code:
 *
 * - `checkOutputLocation`: the path is not a file (nor below one), it can be created, a
 *   file can be written and fsynced in it, and the free space is measured against an
 *   estimate (too little is a warning with the estimate, not an error: estimates are
 *   lower bounds and disks get freed).
 * - `openOutputDirectory`: retracts what would make an older run's outputs in the same
 *   directory read as the outcome of this one — the `_SUCCESS` markers, a finished
 *   training manifest (set back to `running`), a finished simulation manifest (removed, so
 *   the simulation writer starts fresh). An interrupted simulation (`running`) is kept for
 *   the writer to resume.
 */
import { randomBytes } from "node:crypto";
import { mkdir, open, rm, stat, statfs } from "node:fs/promises";
import { dirname, join, relative, resolve, sep } from "node:path";
import { err, ok, type Result } from "@cobre/core";
import { writeJsonAtomic } from "../fs/atomic-write";
import type { OutputIoError } from "../errors";
import { readManifest, SIMULATION_MANIFEST_FILE, TRAINING_MANIFEST_FILE } from "../manifest/io";

const SUCCESS = "_SUCCESS";

/** What `checkOutputLocation` found. */
export interface OutputLocationReport {
  /** Absolute path of the (now existing) output directory. */
  readonly outputDir: string;
  /** Bytes available to this user on its filesystem; null where the platform cannot tell. */
  readonly freeBytes: number | null;
  /** Set when `requiredBytes` was given and exceeds `freeBytes`. */
  readonly lowSpace: { readonly requiredBytes: number; readonly freeBytes: number } | null;
}

export interface OutputLocationOptions {
  /** Estimated bytes the run needs at least (e.g. the policy); compared with the free space. */
  readonly requiredBytes?: number;
}

function codeOf(e: unknown): string | null {
  return typeof e === "object" && e !== null && "code" in e && typeof e.code === "string" ? e.code : null;
}

function locationError(path: string, code: string | null, message: string, cause: unknown): OutputIoError {
  return { kind: "IoError", path, code, message, cause };
}

function reasonOf(code: string | null): string {
  switch (code) {
    case "EACCES":
    case "EPERM":
      return "permission denied";
    case "EROFS":
      return "the filesystem is read-only";
    case "ENOSPC":
      return "the disk is full";
    case "EDQUOT":
      return "the disk quota is exhausted";
    default:
      return code ?? "unknown error";
  }
}

/** Formats a byte count for messages (MB with one decimal, or bytes below 1 MB). */
export function formatBytes(n: number): string {
  return n >= 1e6 ? `${(n / 1e6).toFixed(1)} MB` : `${Math.round(n)} bytes`;
}

/** The nearest existing ancestor of `path` (itself included) and whether it is a directory. */
async function nearestExisting(path: string): Promise<{ path: string; isDirectory: boolean } | null> {
  for (let p = path; ; p = dirname(p)) {
    try {
      const s = await stat(p);
      return { path: p, isDirectory: s.isDirectory() };
    } catch (e) {
      // ENOTDIR: some ancestor is a file; keep walking up to find it.
      const code = codeOf(e);
      if (code !== "ENOENT" && code !== "ENOTDIR") return null;
    }
    if (dirname(p) === p) return null;
  }
}

/**
 * Checks that `outputDir` can hold a run's outputs and creates it. Failures are
 * `IoError`s whose message names the path and says what to do.
 *
 * @example
 * ```ts
 * const where = await checkOutputLocation("out", { requiredBytes: 50e6 });
 * if (!where.ok) console.error(where.error.message);
 * else if (where.value.lowSpace) console.warn("little free space");
 * ```
 */
export async function checkOutputLocation(
  outputDir: string,
  options: OutputLocationOptions = {},
): Promise<Result<OutputLocationReport, OutputIoError>> {
  const dir = resolve(outputDir);
  const existing = await nearestExisting(dir);
  if (existing !== null && !existing.isDirectory) {
    const what =
      existing.path === dir
        ? `the output location ${dir} is an existing file, not a directory`
        : `the output directory ${dir} cannot be created because ${existing.path} is a file`;
    return err(
      locationError(existing.path, "ENOTDIR", `${what}; choose another output directory or move the file away`, null),
    );
  }
  try {
    await mkdir(dir, { recursive: true });
  } catch (e) {
    let code = codeOf(e);
    // Node's recursive mkdir reports ENOENT for EROFS/EACCES on the first missing level;
    // creating that level alone gives the real reason.
    if (code === "ENOENT" && existing !== null) {
      const first = join(existing.path, relative(existing.path, dir).split(sep)[0] ?? "");
      code = await mkdir(first).then(
        () => code,
        (e2: unknown) => codeOf(e2) ?? code,
      );
    }
    return err(locationError(dir, code, `the output directory ${dir} cannot be created (${reasonOf(code)})`, e));
  }
  // A probe file proves the directory is writable and fsync works there (a read-only
  // mount or a full disk fails here rather than at the first checkpoint).
  const probe = join(dir, `.cobre-write-probe-${process.pid}-${randomBytes(4).toString("hex")}`);
  try {
    const handle = await open(probe, "wx", 0o644);
    try {
      await handle.writeFile("cobre");
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch (e) {
    await rm(probe, { force: true }).catch(() => {});
    const code = codeOf(e);
    return err(locationError(dir, code, `the output directory ${dir} is not writable (${reasonOf(code)})`, e));
  }
  await rm(probe, { force: true }).catch(() => {});
  let freeBytes: number | null = null;
  try {
    const fs = await statfs(dir);
    freeBytes = Number(fs.bavail) * Number(fs.bsize);
  } catch {
    // statfs is unsupported on some platforms: the space check is then skipped.
  }
  const required = options.requiredBytes;
  const lowSpace =
    required !== undefined && freeBytes !== null && required > freeBytes
      ? { requiredBytes: required, freeBytes }
      : null;
  return ok({ outputDir: dir, freeBytes, lowSpace });
}

/**
 * Makes `outputDir` read as "a run in progress" before the run writes anything: removes
 * the `_SUCCESS` markers, sets a finished training manifest back to `running`, and removes
 * a finished (not `running`) simulation manifest. Missing files are fine.
 */
export async function openOutputDirectory(outputDir: string): Promise<Result<void, OutputIoError>> {
  const remove = async (rel: string): Promise<Result<void, OutputIoError>> => {
    const path = join(outputDir, rel);
    try {
      await rm(path, { force: true });
      return ok(undefined);
    } catch (e) {
      const code = codeOf(e);
      return err(locationError(path, code, `cannot remove the stale ${rel} of an earlier run (${reasonOf(code)})`, e));
    }
  };
  for (const rel of [`training/${SUCCESS}`, `simulation/${SUCCESS}`]) {
    const r = await remove(rel);
    if (!r.ok) return r;
  }
  const training = await readManifest(outputDir, "training");
  if (training.ok && training.value.status !== "running") {
    const path = join(outputDir, TRAINING_MANIFEST_FILE);
    const w = await writeJsonAtomic(path, { ...training.value, status: "running", completed_at: null });
    if (!w.ok) {
      const e = w.error;
      const code = e.kind === "IoError" ? e.code : null;
      return err(locationError(path, code, `cannot mark the earlier ${TRAINING_MANIFEST_FILE} as superseded`, e));
    }
  }
  const simulation = await readManifest(outputDir, "simulation");
  if (simulation.ok && simulation.value.status !== "running") {
    const r = await remove(SIMULATION_MANIFEST_FILE);
    if (!r.ok) return r;
  }
  return ok(undefined);
}
