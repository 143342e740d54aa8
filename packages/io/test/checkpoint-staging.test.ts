import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import {
  checkpointCandidates,
  hashCaseDirectory,
  hashInputFiles,
  policyDirectoryIn,
  prepareCheckpointStaging,
  publishStagedCheckpoint,
  readOptionalCheckpointText,
  stagedPolicyDir,
} from "../src/index";

function outputDir(): string {
  return mkdtempSync(path.join(tmpdir(), "cobre-staging-"));
}

function writeCheckpoint(dir: string, iteration: number): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, "metadata.json"), JSON.stringify({ iteration }));
}

const iterationIn = (dir: string): number =>
  (JSON.parse(readFileSync(path.join(dir, "metadata.json"), "utf8")) as { iteration: number }).iteration;

describe("training checkpoints staged and published", () => {
  it("publishing replaces the live checkpoint and leaves no staging area behind", async () => {
    const out = outputDir();
    const live = path.join(out, "policy");
    writeCheckpoint(live, 1);
    const staging = await prepareCheckpointStaging(live);
    expect(staging).toBe(path.join(out, ".checkpoint"));
    writeCheckpoint(path.join(staging, "policy"), 2);
    const r = await publishStagedCheckpoint(live);
    expect(r.ok).toBe(true);
    expect(iterationIn(live)).toBe(2);
    expect(existsSync(path.join(out, ".checkpoint"))).toBe(false);
  });

  it("the first checkpoint (no live one yet) is published too", async () => {
    const out = outputDir();
    const live = path.join(out, "nested", "policy");
    mkdirSync(path.dirname(live), { recursive: true });
    writeCheckpoint(stagedPolicyDir(live), 1);
    expect((await publishStagedCheckpoint(live)).ok).toBe(true);
    expect(iterationIn(live)).toBe(1);
  });

  it("a crash between the two renames leaves the previous checkpoint where the reader looks", async () => {
    const out = outputDir();
    const live = path.join(out, "policy");
    // The state after `live → .checkpoint/old/policy`, before `staged → live`: no live copy.
    writeCheckpoint(path.join(out, ".checkpoint", "old", "policy"), 1);
    writeCheckpoint(stagedPolicyDir(live), 2);
    const found = checkpointCandidates(live).filter((d) => existsSync(path.join(d, "metadata.json")));
    expect(found.map(iterationIn)).toEqual([2, 1]);
  });

  it("preparing the staging area discards a half-written staged checkpoint", async () => {
    const out = outputDir();
    const live = path.join(out, "policy");
    writeCheckpoint(stagedPolicyDir(live), 7);
    await prepareCheckpointStaging(live);
    expect(existsSync(stagedPolicyDir(live))).toBe(false);
  });

  it("publishing without a staged checkpoint is an IoError naming the policy directory", async () => {
    const out = outputDir();
    const live = path.join(out, "policy");
    writeCheckpoint(live, 3);
    const r = await publishStagedCheckpoint(live);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.kind).toBe("IoError");
      expect(r.error.path).toBe(live);
    }
  });

  it("an optional file reads as null when absent and as an IoError when it is a directory", async () => {
    const out = outputDir();
    expect(await readOptionalCheckpointText(path.join(out, "training_state.json"))).toEqual({ ok: true, value: null });
    writeFileSync(path.join(out, "a.json"), "{}");
    expect(await readOptionalCheckpointText(path.join(out, "a.json"))).toEqual({ ok: true, value: "{}" });
    mkdirSync(path.join(out, "dir.json"));
    const r = await readOptionalCheckpointText(path.join(out, "dir.json"));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.kind).toBe("IoError");
  });
});

describe("the policy directory a resume names", () => {
  it("is <dir>/policy for an output directory and the directory itself otherwise", async () => {
    const out = outputDir();
    expect(await policyDirectoryIn(out)).toBe(out);
    mkdirSync(path.join(out, "policy"));
    expect(await policyDirectoryIn(out)).toBe(path.join(out, "policy"));
  });
});

describe("input_hash of a case directory", () => {
  it("hashes every file in name order, nested directories included, and changes with any byte", async () => {
    const dir = outputDir();
    mkdirSync(path.join(dir, "system"));
    writeFileSync(path.join(dir, "config.json"), "{}");
    writeFileSync(path.join(dir, "system", "hydros.json"), "[1]");
    const whole = await hashCaseDirectory(dir);
    const listed = await hashInputFiles(dir, ["config.json", "system/hydros.json"]);
    expect(whole.ok && listed.ok).toBe(true);
    if (!whole.ok || !listed.ok) return;
    expect(whole.value).toBe(listed.value);
    expect(whole.value).toMatch(/^sha256:[0-9a-f]{64}$/);
    writeFileSync(path.join(dir, "system", "hydros.json"), "[2]");
    const changed = await hashCaseDirectory(dir);
    expect(changed.ok && changed.value).not.toBe(whole.value);
  });
});
