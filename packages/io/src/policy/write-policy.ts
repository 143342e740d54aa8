/** `writePolicyCheckpoint`: every binary file first, `metadata.json` last (the commit point). */
import { err, ok, type Result } from "@cobre/core";
import { mkdir, readdir, rm } from "node:fs/promises";
import { join, resolve } from "node:path";
import { type BeforeRenameHook, replaceFileAtomically, syncDirectory } from "../atomic-file";
import { encodeStageBasis, encodeStageStates } from "./aux-codec";
import { xxhash64Hex } from "../output/fs/checksum";
import { encodeStageCuts } from "./cuts-codec";
import { metadataToJson, POLICY_FORMAT_VERSION } from "./metadata";
import { keyPath, METADATA_FILE, POLICY_DIR, type PolicyFileKind, stageFileKey } from "./paths";
import type {
  PolicyCheckpointInput,
  PolicyError,
  PolicyFileChecksum,
  PolicyMetadata,
  PolicyWriteSummary,
} from "./types";
import { checkCheckpointInput } from "./validate-checkpoint";

/** Options of {@link writePolicyCheckpoint}. */
export interface WritePolicyOptions {
  /** Test seam: called for every file between its fsync and its rename. */
  readonly beforeRename?: BeforeRenameHook;
}

interface PendingFile {
  readonly key: string;
  readonly encode: () => Result<Uint8Array, PolicyError>;
}

function pendingFiles(input: PolicyCheckpointInput): PendingFile[] {
  const files: PendingFile[] = [];
  for (const s of input.stages)
    files.push({ key: stageFileKey("cuts", s.stageIndex), encode: () => encodeStageCuts(s) });
  for (const b of input.bases ?? [])
    files.push({ key: stageFileKey("basis", b.stageIndex), encode: () => encodeStageBasis(b) });
  for (const s of input.states ?? [])
    files.push({ key: stageFileKey("states", s.stageIndex), encode: () => encodeStageStates(s) });
  return files;
}

/** Deletes `stage_*.bin` left by an earlier checkpoint and stray temporary files. */
async function removeStale(dir: string, kind: PolicyFileKind, keep: ReadonlySet<string>): Promise<void> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return;
  }
  for (const name of names) {
    const stale = (/^stage_\d+\.bin$/.test(name) && !keep.has(`${kind}/${name}`)) || name.endsWith(".tmp");
    if (stale) await rm(join(dir, name), { force: true });
  }
}

/**
 * Writes the policy checkpoint under `<dir>/policy/`: `cuts/stage_NNN.bin` for every stage,
 * `basis/` and `states/` files for the stages given, then `metadata.json` with an xxHash64
 * checksum and size per file. Each file is written atomically (`*.tmp`, fsync, rename);
 * `metadata.json` is removed first and written last, so an interrupted write never looks
 * like a complete checkpoint. Stale stage files of an earlier checkpoint are removed.
 *
 * @param dir Study output directory (the `policy/` subdirectory is created).
 * @returns The files written and the metadata, or `InvalidInput` / `IoError`.
 */
export async function writePolicyCheckpoint(
  dir: string,
  input: PolicyCheckpointInput,
  options: WritePolicyOptions = {},
): Promise<Result<PolicyWriteSummary, PolicyError>> {
  const checked = checkCheckpointInput(input);
  if (!checked.ok) return checked;
  const policyDir = resolve(dir, POLICY_DIR);
  const files = pendingFiles(input);
  const kinds: PolicyFileKind[] = ["cuts", "basis", "states"];
  const checksums: Record<string, PolicyFileChecksum> = {};
  let current = policyDir;
  try {
    await mkdir(policyDir, { recursive: true });
    await rm(join(policyDir, METADATA_FILE), { force: true });
    await syncDirectory(policyDir);
    for (const kind of kinds)
      if (files.some((f) => f.key.startsWith(`${kind}/`))) await mkdir(join(policyDir, kind), { recursive: true });
    for (const file of files) {
      const bytes = file.encode();
      if (!bytes.ok) return bytes;
      current = keyPath(policyDir, file.key);
      await replaceFileAtomically(current, bytes.value, options.beforeRename);
      checksums[file.key] = { bytes: bytes.value.byteLength, xxhash64: await xxhash64Hex(bytes.value) };
    }
    const keep = new Set(files.map((f) => f.key));
    for (const kind of kinds) {
      current = join(policyDir, kind);
      await removeStale(current, kind, keep);
      await syncDirectory(current);
    }
    const metadata: PolicyMetadata = { ...checked.value, version: POLICY_FORMAT_VERSION, checksums };
    current = join(policyDir, METADATA_FILE);
    await replaceFileAtomically(current, metadataToJson(metadata), options.beforeRename);
    await syncDirectory(policyDir);
    return ok({ policyDir, files: [...files.map((f) => f.key), METADATA_FILE], metadata });
  } catch (e) {
    return err({
      kind: "IoError",
      path: current,
      message: `writing the policy checkpoint failed: ${(e as Error).message}`,
    });
  }
}
