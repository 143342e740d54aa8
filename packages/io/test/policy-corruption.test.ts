import { readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  decodeStageBasis,
  decodeStageCuts,
  decodeStageStates,
  encodeStageCuts,
  readPolicy,
  readStageCuts,
  writePolicyCheckpoint,
} from "../src/policy/index";
import { randomStage, rng, sampleCheckpoint, tempDir } from "./policy-fixtures";

async function written(): Promise<string> {
  const dir = await tempDir();
  const r = await writePolicyCheckpoint(dir, sampleCheckpoint());
  if (!r.ok) throw new Error(r.error.message);
  return dir;
}

const cutsFile = (dir: string) => join(dir, "policy", "cuts", "stage_001.bin");
const kindOf = (r: { ok: boolean; error?: { kind: string } }) => (r.ok ? "ok" : r.error?.kind);

describe("policy checkpoint corruption", () => {
  it("reports a truncated stage file as TruncatedFile", async () => {
    const dir = await written();
    const bytes = await readFile(cutsFile(dir));
    await writeFile(cutsFile(dir), bytes.subarray(0, bytes.length - 50));
    const r = await readPolicy(dir);
    expect(kindOf(r)).toBe("TruncatedFile");
    if (!r.ok) expect(r.error.path).toBe(cutsFile(dir));
    // Without metadata, the FlatBuffer verifier sees references past the end.
    expect(kindOf(await readStageCuts(cutsFile(dir)))).toBe("TruncatedFile");
  });

  it("reports a flipped byte as Corrupted (checksum mismatch)", async () => {
    const dir = await written();
    const bytes = await readFile(cutsFile(dir));
    const mid = Math.floor(bytes.length / 2);
    bytes[mid] = (bytes[mid] ?? 0) ^ 0x10;
    await writeFile(cutsFile(dir), bytes);
    const r = await readPolicy(dir);
    expect(kindOf(r)).toBe("Corrupted");
    if (!r.ok) expect(r.error.message).toMatch(/xxhash64/);
  });

  it("reports a flipped byte in a basis file as Corrupted", async () => {
    const dir = await written();
    const path = join(dir, "policy", "basis", "stage_002.bin");
    const bytes = await readFile(path);
    bytes[bytes.length - 1] = (bytes[bytes.length - 1] ?? 0) ^ 0xff;
    await writeFile(path, bytes);
    expect(kindOf(await readPolicy(dir))).toBe("Corrupted");
  });

  it("reports an unsupported format version as VersionMismatch", async () => {
    const dir = await written();
    const path = join(dir, "policy", "metadata.json");
    const text = await readFile(path, "utf8");
    await writeFile(path, text.replace(/"version": "1\.0\.0"/, '"version": "2.0.0"'));
    const r = await readPolicy(dir);
    expect(kindOf(r)).toBe("VersionMismatch");
  });

  it("reports missing files as MissingFile and bad JSON as Corrupted", async () => {
    const dir = await written();
    await rm(cutsFile(dir));
    expect(kindOf(await readPolicy(dir))).toBe("MissingFile");
    await writeFile(join(dir, "policy", "metadata.json"), "{ not json");
    expect(kindOf(await readPolicy(dir))).toBe("Corrupted");
    await rm(join(dir, "policy", "metadata.json"));
    expect(kindOf(await readPolicy(dir))).toBe("MissingFile");
    expect(kindOf(await readStageCuts(join(dir, "nope.bin")))).toBe("MissingFile");
  });

  it("never throws on any truncation or single-byte flip of a stage file", () => {
    const encoded = encodeStageCuts(randomStage(1, 6, 3, 42));
    if (!encoded.ok) throw new Error(encoded.error.message);
    const good = encoded.value;
    const kinds = new Set<string>();
    for (let len = 0; len < good.length; len++) {
      const r = decodeStageCuts(good.slice(0, len));
      expect(r.ok).toBe(false);
      if (!r.ok) kinds.add(r.error.kind);
    }
    for (const kind of kinds) expect(["Corrupted", "TruncatedFile"]).toContain(kind);
    expect(kinds.has("TruncatedFile")).toBe(true);
    for (let pos = 0; pos < good.length; pos++) {
      for (const mask of [0x01, 0x80, 0xff]) {
        const bad = good.slice();
        bad[pos] = (bad[pos] ?? 0) ^ mask;
        for (const decode of [decodeStageCuts, decodeStageBasis, decodeStageStates]) {
          expect(() => decode(bad)).not.toThrow();
        }
      }
    }
  });

  it("never throws on random garbage", () => {
    const next = rng(123);
    for (let trial = 0; trial < 2000; trial++) {
      const bytes = Uint8Array.from({ length: Math.floor(next() * 200) }, () => Math.floor(next() * 256));
      // Make some root offsets plausible so the verifier goes deeper.
      if (bytes.length > 8 && trial % 2 === 0) bytes.set([8, 0, 0, 0], 0);
      expect(() => decodeStageCuts(bytes)).not.toThrow();
      expect(() => decodeStageBasis(bytes)).not.toThrow();
      expect(() => decodeStageStates(bytes)).not.toThrow();
    }
  });

  it("rejects a buffer whose cut count cannot fit instead of allocating it", () => {
    const encoded = encodeStageCuts(randomStage(0, 2, 2, 3));
    if (!encoded.ok) throw new Error(encoded.error.message);
    const bytes = encoded.value.slice();
    const view = new DataView(bytes.buffer);
    const root = view.getUint32(0, true);
    const vtable = root - view.getInt32(root, true);
    const dimSlot = view.getUint16(vtable + 4 + 2 * 1, true);
    view.setUint32(root + dimSlot, 0x7fffffff, true);
    const r = decodeStageCuts(bytes);
    expect(kindOf(r)).toBe("Corrupted");
  });
});
