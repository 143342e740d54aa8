/**
 * `policy/metadata.json`: the book's fields (snake_case) plus `rng_state`,
 * `warm_start_counts` and the per-file `checksums` block. `rng_seed` is an unsigned 64-bit
 * integer written with every digit (JSON numbers lose precision past 2^53).
 */
import { err, ok, type Result } from "@cobre/core";
import type { PolicyError, PolicyFileChecksum, PolicyMetadata } from "./types";

/** Checkpoint format version written by this implementation. */
export const POLICY_FORMAT_VERSION = "1.0.0";
/** Major version this reader accepts. */
const SUPPORTED_MAJOR = "1";
const BIGINT_MARK = /"@@u64:(\d+)@@"/g;

/** Serializes metadata to pretty JSON. */
export function metadataToJson(meta: PolicyMetadata): string {
  const files: Record<string, PolicyFileChecksum> = {};
  for (const key of Object.keys(meta.checksums).sort()) files[key] = meta.checksums[key] as PolicyFileChecksum;
  const doc = {
    version: meta.version,
    cobre_version: meta.cobreVersion,
    created_at: meta.createdAt,
    completed_iterations: meta.completedIterations,
    final_lower_bound: meta.finalLowerBound,
    best_upper_bound: meta.bestUpperBound,
    state_dimension: meta.stateDimension,
    num_stages: meta.numStages,
    config_hash: meta.configHash,
    system_hash: meta.systemHash,
    max_iterations: meta.maxIterations,
    forward_passes: meta.forwardPasses,
    warm_start_cuts: meta.warmStartCuts,
    warm_start_counts: meta.warmStartCounts,
    rng_seed: meta.rngSeed,
    rng_state: meta.rngState,
    total_visited_states: meta.totalVisitedStates,
    checksums: { algorithm: "xxhash64", files },
  };
  const json = JSON.stringify(doc, (_k, v: unknown) => (typeof v === "bigint" ? `@@u64:${v}@@` : v), 2);
  return `${json.replace(BIGINT_MARK, "$1")}\n`;
}

class MetadataFault extends Error {}

function field<T>(obj: Record<string, unknown>, key: string, check: (v: unknown) => v is T, fallback?: T): T {
  const v = obj[key];
  if (v === undefined && fallback !== undefined) return fallback;
  if (!check(v)) throw new MetadataFault(`field "${key}" is missing or has the wrong type`);
  return v;
}
const isStr = (v: unknown): v is string => typeof v === "string";
const isNum = (v: unknown): v is number => typeof v === "number" && Number.isFinite(v);
const isUint = (v: unknown): v is number => isNum(v) && Number.isInteger(v) && v >= 0;
const isNullableNum = (v: unknown): v is number | null => v === null || isNum(v);
const isNullableStr = (v: unknown): v is string | null => v === null || isStr(v);
const isUintList = (v: unknown): v is number[] => Array.isArray(v) && v.every(isUint);
const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** Reads `rng_seed` exactly from the JSON text (JSON.parse rounds past 2^53). */
function rngSeed(text: string, parsed: unknown): bigint {
  if (!isUint(parsed)) throw new MetadataFault('field "rng_seed" is missing or not an unsigned integer');
  const digits = /"rng_seed"\s*:\s*(\d+)\s*[,}\n]/.exec(text)?.[1];
  const exact = digits === undefined ? BigInt(parsed) : BigInt(digits);
  if (Number(exact) !== parsed || exact >= 1n << 64n) throw new MetadataFault('field "rng_seed" is out of range');
  return exact;
}

function checksums(value: unknown): Record<string, PolicyFileChecksum> {
  if (value === undefined || value === null) return {};
  if (!isRecord(value) || value.algorithm !== "xxhash64" || !isRecord(value.files)) {
    throw new MetadataFault('"checksums" must be {"algorithm": "xxhash64", "files": {...}}');
  }
  const out: Record<string, PolicyFileChecksum> = {};
  for (const [key, entry] of Object.entries(value.files)) {
    if (!isRecord(entry) || !isUint(entry.bytes) || !isStr(entry.xxhash64) || !/^[0-9a-f]{16}$/.test(entry.xxhash64)) {
      throw new MetadataFault(`checksum entry "${key}" is malformed`);
    }
    out[key] = { bytes: entry.bytes, xxhash64: entry.xxhash64 };
  }
  return out;
}

/**
 * Parses `metadata.json`. Errors: `Corrupted` (bad JSON or field), `VersionMismatch`
 * (a `version` whose major differs from ours). A missing `version` is accepted as legacy.
 */
export function parseMetadata(text: string, path: string): Result<PolicyMetadata, PolicyError> {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    return err({ kind: "Corrupted", path, message: `metadata.json is not valid JSON: ${(e as Error).message}` });
  }
  if (!isRecord(doc)) return err({ kind: "Corrupted", path, message: "metadata.json is not a JSON object" });
  const version = doc.version;
  if (version !== undefined && version !== null) {
    if (!isStr(version) || version.split(".")[0] !== SUPPORTED_MAJOR) {
      const found = JSON.stringify(version);
      return err({
        kind: "VersionMismatch",
        path,
        message: `checkpoint version ${found} unsupported (expected ${SUPPORTED_MAJOR}.x)`,
      });
    }
  }
  try {
    const numStages = field(doc, "num_stages", isUint);
    const warmStartCuts = field(doc, "warm_start_cuts", isUint, 0);
    return ok({
      version: isStr(version) ? version : null,
      cobreVersion: field(doc, "cobre_version", isStr),
      createdAt: field(doc, "created_at", isStr),
      completedIterations: field(doc, "completed_iterations", isUint),
      finalLowerBound: field(doc, "final_lower_bound", isNum),
      bestUpperBound: field(doc, "best_upper_bound", isNullableNum, null),
      stateDimension: field(doc, "state_dimension", isUint),
      numStages,
      configHash: field(doc, "config_hash", isNullableStr, null),
      systemHash: field(doc, "system_hash", isNullableStr, null),
      maxIterations: field(doc, "max_iterations", isUint),
      forwardPasses: field(doc, "forward_passes", isUint),
      warmStartCuts,
      warmStartCounts: field(doc, "warm_start_counts", isUintList, []),
      rngSeed: rngSeed(text, doc.rng_seed),
      rngState: field(doc, "rng_state", isNullableStr, null),
      totalVisitedStates: field(doc, "total_visited_states", isUint, 0),
      checksums: checksums(doc.checksums),
    });
  } catch (e) {
    if (e instanceof MetadataFault) return err({ kind: "Corrupted", path, message: `metadata.json: ${e.message}` });
    return err({ kind: "Corrupted", path, message: `metadata.json: ${String(e)}` });
  }
}
