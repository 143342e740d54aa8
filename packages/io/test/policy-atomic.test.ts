import { existsSync } from "node:fs";
import { readdir, readFile, stat } from "node:fs/promises";
import { basename, join } from "node:path";
import { describe, expect, it } from "vitest";
import { readPolicy, writePolicyCheckpoint } from "../src/policy/index";
import { sampleCheckpoint, tempDir } from "./policy-fixtures";

async function listAll(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await listAll(path)));
    else out.push(path);
  }
  return out;
}

describe("policy checkpoint atomic writes", () => {
  it("never exposes a partial .bin: the target appears only by rename of a complete, synced *.tmp", async () => {
    const dir = await tempDir();
    const seen: string[] = [];
    const r = await writePolicyCheckpoint(dir, sampleCheckpoint(), {
      beforeRename: async (tmp, final) => {
        expect(tmp.endsWith(".tmp")).toBe(true);
        expect(basename(tmp).startsWith(basename(final))).toBe(true);
        expect(existsSync(final)).toBe(false); // nothing visible under the final name yet
        expect((await stat(tmp)).size).toBeGreaterThan(0);
        // metadata.json (the commit point) must not exist while any file is in flight
        expect(existsSync(join(dir, "policy", "metadata.json"))).toBe(false);
        seen.push(basename(final));
      },
    });
    expect(r.ok).toBe(true);
    expect(seen.at(-1)).toBe("metadata.json");
    expect(seen.filter((n) => n.endsWith(".bin"))).toHaveLength(6);
    expect((await listAll(dir)).filter((p) => p.endsWith(".tmp"))).toEqual([]);
  });

  it("keeps the previous complete file while a rewrite is in flight", async () => {
    const dir = await tempDir();
    expect((await writePolicyCheckpoint(dir, sampleCheckpoint(1))).ok).toBe(true);
    const path = join(dir, "policy", "cuts", "stage_000.bin");
    const before = await readFile(path);
    let checked = false;
    await writePolicyCheckpoint(dir, sampleCheckpoint(2), {
      beforeRename: async (_tmp, final) => {
        if (final !== path) return;
        expect(await readFile(path)).toEqual(before);
        checked = true;
      },
    });
    expect(checked).toBe(true);
    expect(await readFile(path)).not.toEqual(before);
  });

  it("a crash before rename leaves no partial file and no committed metadata", async () => {
    const dir = await tempDir();
    expect((await writePolicyCheckpoint(dir, sampleCheckpoint(1))).ok).toBe(true);
    let count = 0;
    const r = await writePolicyCheckpoint(dir, sampleCheckpoint(2), {
      beforeRename: () => {
        count++;
        if (count === 3) throw new Error("simulated crash");
      },
    });
    expect(r.ok ? "ok" : r.error.kind).toBe("IoError");
    const files = await listAll(dir);
    expect(files.filter((p) => p.endsWith(".tmp"))).toEqual([]);
    // The interrupted checkpoint is not mistaken for a complete one.
    const read = await readPolicy(dir);
    expect(read.ok ? "ok" : read.error.kind).toBe("MissingFile");
    if (!read.ok) expect(read.error.path).toMatch(/metadata\.json$/);
  });
});
