/** xxHash64 file checksums of the policy checkpoint (seed 0, 16 lowercase hex digits). */
import xxhash from "xxhash-wasm";

type Hasher = Awaited<ReturnType<typeof xxhash>>;
let hasher: Promise<Hasher> | null = null;

/** xxHash64 of `bytes` as 16 lowercase hex digits. */
export async function xxhash64Hex(bytes: Uint8Array): Promise<string> {
  hasher ??= xxhash();
  const { h64Raw } = await hasher;
  return h64Raw(bytes).toString(16).padStart(16, "0");
}
