/** `readPolicy` and the single-file readers. Nothing here throws: every failure is a value. */
import { err, ok, type Result } from "@cobre/core";
import { readFile, stat } from "node:fs/promises";
import { join, resolve } from "node:path";
import { decodeStageBasis, decodeStageStates } from "./aux-codec";
import { xxhash64Hex } from "../output/fs/checksum";
import { decodeStageCuts } from "./cuts-codec";
import { parseMetadata } from "./metadata";
import { keyPath, METADATA_FILE, POLICY_DIR, parseStageFileKey, stageFileKey } from "./paths";
import type {
  PolicyCheckpoint,
  PolicyError,
  PolicyMetadata,
  StageBasisData,
  StageCutsRead,
  StageStatesData,
} from "./types";

/** Reads a whole file; a missing file is `MissingFile`, other failures `IoError`. */
async function readBytes(path: string): Promise<Result<Uint8Array, PolicyError>> {
  try {
    const buf = await readFile(path);
    return ok(new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === "ENOENT") return err({ kind: "MissingFile", path, message: `${path} does not exist` });
    return err({ kind: "IoError", path, message: `cannot read ${path}: ${(e as Error).message}` });
  }
}

/** Attaches the file path to a decoding error. */
function atPath<T>(result: Result<T, PolicyError>, path: string): Result<T, PolicyError> {
  return result.ok ? result : err({ ...result.error, path, message: `${path}: ${result.error.message}` });
}

/** Reads and decodes one `policy/cuts/stage_NNN.bin` (no checksum: use `readPolicy` for that). */
export async function readStageCuts(path: string): Promise<Result<StageCutsRead, PolicyError>> {
  const bytes = await readBytes(path);
  return bytes.ok ? atPath(decodeStageCuts(bytes.value), path) : bytes;
}

/** Reads and decodes one `policy/basis/stage_NNN.bin`. */
export async function readStageBasis(path: string): Promise<Result<StageBasisData, PolicyError>> {
  const bytes = await readBytes(path);
  return bytes.ok ? atPath(decodeStageBasis(bytes.value), path) : bytes;
}

/** Reads a file listed in the metadata and checks its size and xxHash64. */
async function readVerified(
  policyDir: string,
  key: string,
  meta: PolicyMetadata,
): Promise<Result<Uint8Array, PolicyError>> {
  const path = keyPath(policyDir, key);
  const bytes = await readBytes(path);
  const expected = meta.checksums[key];
  if (!bytes.ok || expected === undefined) return bytes;
  const size = bytes.value.byteLength;
  if (size < expected.bytes) {
    return err({
      kind: "TruncatedFile",
      path,
      message: `${path} has ${size} bytes, metadata records ${expected.bytes}`,
    });
  }
  if (size > expected.bytes) {
    return err({ kind: "Corrupted", path, message: `${path} has ${size} bytes, metadata records ${expected.bytes}` });
  }
  const actual = await xxhash64Hex(bytes.value);
  if (actual !== expected.xxhash64) {
    return err({
      kind: "Corrupted",
      path,
      message: `${path}: xxhash64 ${actual} differs from the recorded ${expected.xxhash64}`,
    });
  }
  return bytes;
}

/** The `policy/` directory: `<dir>/policy` when present, else `dir` itself if it holds the metadata. */
async function locatePolicyDir(dir: string): Promise<string> {
  const nested = resolve(dir, POLICY_DIR);
  const isDir = await stat(nested).then(
    (s) => s.isDirectory(),
    () => false,
  );
  if (isDir) return nested;
  const direct = await stat(join(dir, METADATA_FILE)).then(
    (s) => s.isFile(),
    () => false,
  );
  return direct ? resolve(dir) : nested;
}

function mismatch(path: string, message: string): Result<never, PolicyError> {
  return err({ kind: "Corrupted", path, message: `${path}: ${message}` });
}

/** Keys of the optional basis/states files: from the checksums, or probed on disk for legacy metadata. */
async function optionalKeys(policyDir: string, meta: PolicyMetadata, kind: "basis" | "states"): Promise<string[]> {
  if (Object.keys(meta.checksums).length > 0) {
    return Object.keys(meta.checksums)
      .filter((k) => parseStageFileKey(k)?.kind === kind)
      .sort();
  }
  const keys: string[] = [];
  for (let i = 0; i < meta.numStages; i++) {
    const key = stageFileKey(kind, i);
    if (
      await stat(keyPath(policyDir, key)).then(
        () => true,
        () => false,
      )
    )
      keys.push(key);
  }
  return keys;
}

/**
 * Reads a policy checkpoint written by {@link writePolicyCheckpoint} (or by Cobre), from a
 * study output directory or from its `policy/` directory. Every file listed in the
 * metadata is checked against its recorded size and xxHash64 before being decoded.
 *
 * Errors: `MissingFile` (metadata or a stage file absent), `TruncatedFile` (shorter than
 * recorded, or references past its end), `Corrupted` (checksum mismatch, malformed
 * FlatBuffer or JSON, contents inconsistent with the metadata), `VersionMismatch`, `IoError`.
 */
export async function readPolicy(dir: string): Promise<Result<PolicyCheckpoint, PolicyError>> {
  const policyDir = await locatePolicyDir(dir);
  const metaPath = join(policyDir, METADATA_FILE);
  const metaBytes = await readBytes(metaPath);
  if (!metaBytes.ok) return metaBytes;
  const parsed = parseMetadata(new TextDecoder().decode(metaBytes.value), metaPath);
  if (!parsed.ok) return parsed;
  const meta = parsed.value;
  const hasChecksums = Object.keys(meta.checksums).length > 0;
  const stages: StageCutsRead[] = [];
  for (let i = 0; i < meta.numStages; i++) {
    const key = stageFileKey("cuts", i);
    const path = keyPath(policyDir, key);
    if (hasChecksums && meta.checksums[key] === undefined)
      return mismatch(path, "no checksum recorded in metadata.json");
    const bytes = await readVerified(policyDir, key, meta);
    if (!bytes.ok) return bytes;
    const stage = atPath(decodeStageCuts(bytes.value), path);
    if (!stage.ok) return stage;
    if (stage.value.stageIndex !== i) return mismatch(path, `stage_id ${stage.value.stageIndex}, expected ${i}`);
    if (stage.value.stateDimension !== meta.stateDimension) {
      return mismatch(path, `state_dimension ${stage.value.stateDimension}, metadata has ${meta.stateDimension}`);
    }
    stages.push(stage.value);
  }
  const bases: StageBasisData[] = [];
  for (const key of await optionalKeys(policyDir, meta, "basis")) {
    const path = keyPath(policyDir, key);
    const bytes = await readVerified(policyDir, key, meta);
    const basis = bytes.ok ? atPath(decodeStageBasis(bytes.value), path) : bytes;
    if (!basis.ok) return basis;
    if (basis.value.stageIndex !== parseStageFileKey(key)?.stageIndex)
      return mismatch(path, "stage_id differs from the file name");
    bases.push(basis.value);
  }
  const states: StageStatesData[] = [];
  for (const key of await optionalKeys(policyDir, meta, "states")) {
    const path = keyPath(policyDir, key);
    const bytes = await readVerified(policyDir, key, meta);
    const visited = bytes.ok ? atPath(decodeStageStates(bytes.value), path) : bytes;
    if (!visited.ok) return visited;
    if (visited.value.stageIndex !== parseStageFileKey(key)?.stageIndex)
      return mismatch(path, "stage_id differs from the file name");
    states.push(visited.value);
  }
  return ok({ metadata: meta, stages, bases, states });
}
