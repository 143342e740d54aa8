/** File layout of the `policy/` directory. */
import { join } from "node:path";

/** The three per-stage binary families and their subdirectories. */
export type PolicyFileKind = "cuts" | "basis" | "states";

export const POLICY_DIR = "policy";
export const METADATA_FILE = "metadata.json";

/** `stage_NNN.bin`, zero-padded to three digits (more digits past 999). */
function stageFileName(stageIndex: number): string {
  return `stage_${String(stageIndex).padStart(3, "0")}.bin`;
}

/** Path relative to `policy/`, with forward slashes (the key used in the checksums). */
export function stageFileKey(kind: PolicyFileKind, stageIndex: number): string {
  return `${kind}/${stageFileName(stageIndex)}`;
}

/** Parses a checksum key such as `basis/stage_004.bin`; null for other names. */
export function parseStageFileKey(key: string): { kind: PolicyFileKind; stageIndex: number } | null {
  const m = /^(cuts|basis|states)\/stage_(\d{3,})\.bin$/.exec(key);
  if (m === null) return null;
  return { kind: m[1] as PolicyFileKind, stageIndex: Number(m[2]) };
}

/** Absolute path of a key under the policy directory. */
export function keyPath(policyDir: string, key: string): string {
  return join(policyDir, ...key.split("/"));
}
