/**
 * Hashes used by the outputs: xxhash64 (fast, for partition checksums in manifests) and
 * SHA-256 (cryptographic, for `metadata.json` data_integrity), both as lowercase hex.
 */
import { createHash } from "node:crypto";
import xxhash from "xxhash-wasm";

type Hasher = Awaited<ReturnType<typeof xxhash>>;
let hasher: Promise<Hasher> | null = null;

/** The xxhash-wasm instance, instantiated once per process. */
function getHasher(): Promise<Hasher> {
  hasher ??= xxhash();
  return hasher;
}

/**
 * A synchronous xxhash64 (seed 0, 16 lowercase hex digits) once the Wasm hasher is
 * instantiated: for hot loops that cannot await per file.
 */
export async function loadXxhash64(): Promise<(bytes: Uint8Array) => string> {
  const h = await getHasher();
  return (bytes) => h.h64Raw(bytes).toString(16).padStart(16, "0");
}

/** xxhash64 (seed 0) of bytes, as 16 lowercase hex digits. */
export async function xxhash64Hex(bytes: Uint8Array): Promise<string> {
  const h = await getHasher();
  return h.h64Raw(bytes).toString(16).padStart(16, "0");
}

/** xxhash64 of a UTF-8 string, as 16 lowercase hex digits. */
async function xxhash64HexOfString(text: string): Promise<string> {
  return xxhash64Hex(new TextEncoder().encode(text));
}

/**
 * One checksum over many partitions: xxhash64 of the sorted `path:hash` lines, so it
 * does not depend on the order partitions were written in.
 */
export async function combineChecksums(byPath: Readonly<Record<string, string>>): Promise<string> {
  const lines = Object.keys(byPath)
    .sort()
    .map((p) => `${p}:${byPath[p]}\n`)
    .join("");
  return xxhash64HexOfString(lines);
}

/** SHA-256 of bytes or text, as `sha256:<hex>` (the metadata.json notation). */
export function sha256Tagged(data: Uint8Array | string): string {
  return `sha256:${createHash("sha256").update(data).digest("hex")}`;
}

/** SHA-256 over several byte buffers in order (e.g. every policy cut file). */
export function sha256TaggedOfAll(parts: readonly Uint8Array[]): string {
  const h = createHash("sha256");
  for (const p of parts) h.update(p);
  return `sha256:${h.digest("hex")}`;
}

/** JSON with object keys sorted recursively: a stable text for hashing configurations. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (v === null || typeof v !== "object" || Array.isArray(v)) return v;
    const o = v as Record<string, unknown>;
    return Object.fromEntries(
      Object.keys(o)
        .sort()
        .map((k) => [k, o[k]]),
    );
  });
}
