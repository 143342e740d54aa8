/**
 * `checkOutputLocation` refuses a file (or a path below one) with a sentence naming it,
 * creates nested directories, leaves no probe behind and compares free space with an
 * estimate; `openOutputDirectory` retracts what would let an earlier run vouch for the
 * next one (markers, finished manifests) and keeps an interrupted simulation resumable.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { statfs } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { checkOutputLocation, openOutputDirectory } from "@cobre/io";
import { describe, expect, it } from "vitest";

const temp = () => mkdtempSync(join(tmpdir(), "cobre-location-"));

describe("checkOutputLocation", () => {
  it("refuses an existing file with ENOTDIR and a sentence naming it", async () => {
    const file = join(temp(), "out");
    writeFileSync(file, "x");
    const r = await checkOutputLocation(file);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error).toMatchObject({ kind: "IoError", code: "ENOTDIR", path: file });
    expect(r.error.message).toBe(
      `the output location ${file} is an existing file, not a directory; choose another output directory or move the file away`,
    );
  });

  it("refuses a directory below a file, naming the file", async () => {
    const file = join(temp(), "f");
    writeFileSync(file, "x");
    const r = await checkOutputLocation(join(file, "a", "b"));
    expect(r.ok ? null : r.error).toMatchObject({ kind: "IoError", code: "ENOTDIR", path: file });
  });

  it("creates nested directories, leaves no probe file, and reports the filesystem's free space", async () => {
    const dir = join(temp(), "a", "b", "out");
    const r = await checkOutputLocation(dir, { requiredBytes: 1 });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(readdirSync(dir)).toEqual([]);
    const fs = await statfs(dir);
    // Free space moves as others write: same order of magnitude as statfs's own answer.
    expect(r.value.freeBytes).toBeGreaterThan(0);
    expect(Math.abs((r.value.freeBytes ?? 0) - Number(fs.bavail) * Number(fs.bsize))).toBeLessThan(1e9);
    expect(r.value.lowSpace).toBeNull();
  });

  it("flags an estimate larger than the free space (a warning, not an error)", async () => {
    const r = await checkOutputLocation(temp(), { requiredBytes: Number.MAX_SAFE_INTEGER });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.lowSpace).toEqual({ requiredBytes: Number.MAX_SAFE_INTEGER, freeBytes: r.value.freeBytes });
  });
});

describe("openOutputDirectory", () => {
  function finishedRun(simulationStatus: string): string {
    const dir = temp();
    mkdirSync(join(dir, "training"));
    mkdirSync(join(dir, "simulation"));
    const training = {
      version: "2.0.0",
      status: "complete",
      completed_at: "2026-01-01T00:00:00Z",
      iterations: { completed: 3 },
      convergence: { achieved: false, termination_reason: "iteration_limit" },
      cuts: { total_generated: 1, total_active: 1, peak_active: 1 },
    };
    const simulation = {
      version: "2.0.0",
      status: simulationStatus,
      started_at: null,
      completed_at: null,
      scenarios: { total: 2, completed: 1, failed: 0 },
      partitions_written: [],
      checksum: null,
    };
    writeFileSync(join(dir, "training/_manifest.json"), JSON.stringify(training));
    writeFileSync(join(dir, "simulation/_manifest.json"), JSON.stringify(simulation));
    writeFileSync(join(dir, "training/_SUCCESS"), "");
    writeFileSync(join(dir, "simulation/_SUCCESS"), "");
    return dir;
  }

  it("removes the markers, sets a finished training manifest to running, drops a finished simulation manifest", async () => {
    const dir = finishedRun("complete");
    expect((await openOutputDirectory(dir)).ok).toBe(true);
    expect(existsSync(join(dir, "training/_SUCCESS"))).toBe(false);
    expect(existsSync(join(dir, "simulation/_SUCCESS"))).toBe(false);
    const training = JSON.parse(readFileSync(join(dir, "training/_manifest.json"), "utf8"));
    expect(training).toMatchObject({ status: "running", completed_at: null, iterations: { completed: 3 } });
    expect(existsSync(join(dir, "simulation/_manifest.json"))).toBe(false);
  });

  it("keeps a running simulation manifest for the writer to resume", async () => {
    const dir = finishedRun("running");
    expect((await openOutputDirectory(dir)).ok).toBe(true);
    expect(JSON.parse(readFileSync(join(dir, "simulation/_manifest.json"), "utf8")).status).toBe("running");
  });

  it("is a no-op on an empty directory", async () => {
    const dir = temp();
    expect((await openOutputDirectory(dir)).ok).toBe(true);
    expect(readdirSync(dir)).toEqual([]);
  });
});
