/**
 * Faults end to end, through the `cobre` bin in a child process: an output path that is a
 * file (or below one), a read-only output filesystem, a disk that fills up during the
 * simulation (a 3 MB tmpfs), a worker thread that dies in the forward pass, the backward
 * pass or the simulation (the `COBRE_TEST_CRASH_WORKER` hook of the worker entry, which
 * the bin's worker threads inherit), and truncated or bit-flipped policy files used for
 * `warm_start`, `resume` and `policy.boundary`. Each asserts the exit code, the error
 * kind, that no stack trace is printed and that nothing that reads as complete is left
 * behind (`verifyOutputs(...).complete` false, no `_SUCCESS`, manifests `running`).
 * Signals have their own file (signals.test.ts).
 *
 * The cases are hydro-tiny cut to a few iterations: the whole file takes seconds of
 * solver time; most of its time is process start-up.
 */
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readFileSync, statSync, truncateSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { loadCase, readPolicy, verifyOutputs } from "@cobre/io";
import { runStudy } from "@cobre/sddp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CliResult, type JsonObject, STACK_TRACE, completion, spawnCobreWithEnv } from "./support/cobre-bin";
import { outDir, smallCase } from "./support/small-case";

const isRoot = process.getuid?.() === 0;
const inCi = process.env.CI === "true";

/** The test process's environment, plain output, plus `extra` (e.g. the worker crash hook). */
const withEnv = (extra: NodeJS.ProcessEnv): NodeJS.ProcessEnv => ({
  ...process.env,
  NO_COLOR: "1",
  FORCE_COLOR: undefined,
  ...extra,
});

/** `cobre run <case> --output <out> --output-format json` with extra environment. */
async function runJson(
  env: NodeJS.ProcessEnv,
  caseDir: string,
  out: string,
  ...more: string[]
): Promise<CliResult & { readonly envelope: JsonObject }> {
  const r = await completion(
    spawnCobreWithEnv(withEnv(env), "run", caseDir, "--output", out, "--output-format", "json", ...more),
  );
  let envelope: JsonObject;
  try {
    envelope = JSON.parse(r.stdout) as JsonObject;
  } catch {
    throw new Error(`stdout is not one JSON envelope (exit ${r.code}):\n${r.stdout}\nstderr:\n${r.stderr}`);
  }
  return { ...r, envelope };
}

/** Exit code, envelope and error kind as given, the process exited (not killed), no stack trace. */
function expectFailure(r: CliResult & { readonly envelope: JsonObject }, code: number, kind: string): JsonObject {
  expect(r.signal).toBeNull();
  expect(r.code, r.stderr).toBe(code);
  expect(r.envelope).toMatchObject({ success: false, exit_code: code, data: null });
  const error = r.envelope.errors[0] as JsonObject;
  expect(error.kind, JSON.stringify(error)).toBe(kind);
  expect(r.stdout).not.toMatch(STACK_TRACE);
  expect(r.stderr).not.toMatch(STACK_TRACE);
  expect(r.stderr).not.toContain("This is a bug");
  return error;
}

/** What a failed run may leave: nothing that a reader would take for a finished run. */
async function expectNotComplete(out: string): Promise<Awaited<ReturnType<typeof verifyOutputs>>> {
  const report = await verifyOutputs(out);
  expect(report.complete).toBe(false);
  expect(existsSync(path.join(out, "simulation/_SUCCESS"))).toBe(false);
  expect(["complete", "converged"]).not.toContain(report.status.simulation);
  return report;
}

function setPolicy(caseDir: string, policy: Record<string, unknown>): void {
  const file = path.join(caseDir, "config.json");
  const config = JSON.parse(readFileSync(file, "utf8"));
  config.policy = { ...config.policy, ...policy };
  writeFileSync(file, JSON.stringify(config, null, 2));
}

const manifest = (out: string, which: "training" | "simulation"): JsonObject =>
  JSON.parse(readFileSync(path.join(out, which, "_manifest.json"), "utf8")) as JsonObject;

describe("an unusable output location", () => {
  it("an --output that is an existing file fails before training: IoError, exit 2, the file untouched", async () => {
    const file = path.join(outDir(), "results.txt");
    writeFileSync(file, "someone's notes\n");
    const r = await runJson({}, smallCase(), file, "--threads", "1");
    const error = expectFailure(r, 2, "IoError");
    expect(error.message).toBe(
      `the output location ${file} is an existing file, not a directory; choose another output directory or move the file away`,
    );
    expect(error.context).toMatchObject({ code: "ENOTDIR", path: file });
    expect(readFileSync(file, "utf8")).toBe("someone's notes\n");
    // Before any work: training never started (no iteration line on stderr).
    expect(r.stderr).not.toMatch(/^iter\s+\d/m);
  });

  it("an --output below a file, in human output: one error line naming the file, exit 2", async () => {
    const file = path.join(outDir(), "a-file");
    writeFileSync(file, "x");
    const r = await completion(spawnCobreWithEnv(withEnv({}), "run", smallCase(), "--output", path.join(file, "out")));
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toContain(
      `error [IoError] the output directory ${path.join(file, "out")} cannot be created because ${file} is a file`,
    );
    expect(r.stderr).not.toMatch(STACK_TRACE);
    expect(r.stderr).not.toContain("internal error");
    expect(r.stderr).not.toMatch(/^iter\s+\d/m);
  });

  it("a read-only output location fails before training: IoError, exit 2", async () => {
    const parent = outDir();
    let cleanup = () => {};
    if (isRoot) {
      // Root ignores permission bits: a read-only mount is what stops it.
      const mount = spawnSync("mount", ["-t", "tmpfs", "-o", "ro,size=1m", "tmpfs", parent], { encoding: "utf8" });
      expect(mount.status, mount.stderr).toBe(0);
      cleanup = () => void spawnSync("umount", [parent]);
    } else {
      spawnSync("chmod", ["555", parent]);
    }
    try {
      const out = path.join(parent, "out");
      const r = await runJson({}, smallCase(), out, "--threads", "1");
      const error = expectFailure(r, 2, "IoError");
      expect(error.message).toMatch(
        /^the output directory .* cannot be created \((the filesystem is read-only|permission denied)\)$/,
      );
      expect(r.stderr).not.toMatch(/^iter\s+\d/m);
    } finally {
      cleanup();
    }
  });
});

// CI runs as root and must run this; elsewhere it needs root to mount a tmpfs.
const tmpfsSkip = !isRoot && !inCi;
if (tmpfsSkip) console.warn("faults.test.ts: the disk-full test is skipped: mounting a tmpfs needs root");

describe("a disk that fills up during the simulation", () => {
  const mounts: string[] = [];
  afterAll(() => {
    for (const m of mounts) spawnSync("umount", [m]);
  });

  it(`3 MB tmpfs: IoError ENOSPC naming the file, exit 2; training outputs complete, simulation left running${tmpfsSkip ? " (skipped: not root)" : ""}`, async () => {
    expect(isRoot, "CI must run as root: this test mounts a tmpfs").toBe(true);
    const disk = outDir();
    const mount = spawnSync("mount", ["-t", "tmpfs", "-o", "size=3m", "tmpfs", disk], { encoding: "utf8" });
    expect(mount.status, mount.stderr).toBe(0);
    mounts.push(disk);
    const out = path.join(disk, "out");
    const total = 200; // hydro-tiny writes ~60 kB a scenario: the disk fills after ~40
    const r = await runJson({}, smallCase({ iterations: 3, scenarios: total }), out, "--threads", "1");
    const error = expectFailure(r, 2, "IoError");
    expect(error.context.code).toBe("ENOSPC");
    expect(String(error.context.path).startsWith(out)).toBe(true);
    expect(error.message).toContain(String(error.context.path));
    // Training ended before the simulation: its record is whole and says so.
    expect(manifest(out, "training")).toMatchObject({ status: "complete", iterations: { completed: 3 } });
    expect(existsSync(path.join(out, "training/_SUCCESS"))).toBe(true);
    expect(existsSync(path.join(out, "training/convergence.parquet"))).toBe(true);
    expect(existsSync(path.join(out, "training/metadata.json"))).toBe(true);
    const policy = await readPolicy(out);
    expect(policy.ok && policy.value.metadata.completedIterations).toBe(3);
    // The simulation is recognisably unfinished and resumable.
    const sim = manifest(out, "simulation");
    expect(sim.status).toBe("running");
    expect(sim.scenarios.completed).toBeGreaterThan(0);
    expect(sim.scenarios.completed).toBeLessThan(total);
    const report = await expectNotComplete(out);
    expect(report.status).toEqual({ training: "complete", simulation: "running" });
  });
});

describe("a worker thread that dies", () => {
  it.each([
    ["forward", "the forward pass"],
    ["backward", "the backward pass"],
  ])("in %s: WorkerFailed, exit 4, no training output that reads as complete", async (kind) => {
    const out = outDir();
    const r = await runJson({ COBRE_TEST_CRASH_WORKER: kind }, smallCase(), out, "--threads", "2");
    const error = expectFailure(r, 4, "WorkerFailed");
    expect(error.context).toMatchObject({ exitCode: 3 });
    expect([0, 1]).toContain(error.context.rank);
    expect(existsSync(path.join(out, "training/_SUCCESS"))).toBe(false);
    await expectNotComplete(out);
  });

  it("in the simulation: WorkerFailed, exit 4; training outputs complete, simulation left running", async () => {
    const out = outDir();
    const r = await runJson({ COBRE_TEST_CRASH_WORKER: "simulate" }, smallCase(), out, "--threads", "2");
    const error = expectFailure(r, 4, "WorkerFailed");
    expect(error.context).toMatchObject({ exitCode: 3 });
    expect(manifest(out, "training")).toMatchObject({ status: "complete", iterations: { completed: 4 } });
    expect(existsSync(path.join(out, "training/_SUCCESS"))).toBe(true);
    expect(manifest(out, "simulation").status).toBe("running");
    const report = await expectNotComplete(out);
    expect(report.status).toEqual({ training: "complete", simulation: "running" });
  });
});

describe("a damaged policy", () => {
  /** Output of a finished 3-iteration run of hydro-tiny (6 stages), made in-process. */
  let base: string;
  beforeAll(async () => {
    const caseDir = smallCase({ iterations: 3, scenarios: 2 });
    base = path.join(mkdtempSync(path.join(tmpdir(), "cobre-policy-base-")), "out");
    const loaded = await loadCase(caseDir);
    if (!loaded.ok) throw new Error(loaded.error.errors[0]?.message);
    const r = await runStudy(loaded.value, { outputDir: base });
    if (!r.ok) throw new Error(r.error.message);
  });

  const damage = {
    truncated: (file: string) => truncateSync(file, Math.floor(statSync(file).size / 2)),
    "bit-flipped": (file: string) => {
      const bytes = readFileSync(file);
      const at = Math.floor(bytes.length / 2);
      bytes[at] = (bytes[at] ?? 0) ^ 0x10;
      writeFileSync(file, bytes);
    },
  } as const;
  const expectedKind = { truncated: "TruncatedFile", "bit-flipped": "Corrupted" } as const;

  /** A copy of the base run with one stage file of its policy damaged; returns the copy and the file. */
  function damagedCopy(how: keyof typeof damage): { dir: string; file: string } {
    const dir = path.join(mkdtempSync(path.join(tmpdir(), "cobre-policy-damaged-")), "out");
    cpSync(base, dir, { recursive: true });
    const file = path.join(dir, "policy/cuts/stage_001.bin");
    damage[how](file);
    return { dir, file };
  }

  it.each(["truncated", "bit-flipped"] as const)(
    "warm_start from a %s stage file: exit 2 with the policy error naming the file, before training",
    async (how) => {
      const { dir, file } = damagedCopy(how);
      const caseDir = smallCase();
      setPolicy(caseDir, { mode: "warm_start", path: path.join(dir, "policy") });
      const out = outDir();
      const r = await runJson({}, caseDir, out, "--threads", "1");
      const error = expectFailure(r, 2, expectedKind[how]);
      expect(error.context.path).toBe(file);
      expect(r.stderr).not.toMatch(/^iter\s+\d/m);
      // Only the pre-training diagnostics (scaling report) may exist: no training manifest or log.
      expect(existsSync(path.join(out, "training", "_manifest.json"))).toBe(false);
      expect(existsSync(path.join(out, "training", "convergence.parquet"))).toBe(false);
      await expectNotComplete(out);
    },
  );

  it.each(["truncated", "bit-flipped"] as const)(
    "resume from a %s checkpoint: exit 2 (CheckpointFailed naming the file); the old run no longer reads as complete",
    async (how) => {
      const { dir, file } = damagedCopy(how);
      expect((await verifyOutputs(dir)).complete).toBe(true); // before: a finished run
      const caseDir = smallCase();
      setPolicy(caseDir, { mode: "resume" });
      const r = await runJson({}, caseDir, dir, "--threads", "1");
      const error = expectFailure(r, 2, "CheckpointFailed");
      expect(error.message).toContain(file);
      expect(error.context).toMatchObject({ path: file });
      expect(error.message).toMatch(how === "truncated" ? /has \d+ bytes, metadata records \d+/ : /xxhash64/);
      const report = await expectNotComplete(dir);
      expect(report.status.training).toBe("running");
      expect(existsSync(path.join(dir, "training/_SUCCESS"))).toBe(false);
    },
  );

  it.each(["truncated", "bit-flipped"] as const)(
    "policy.boundary from a %s stage file: exit 2 with the policy error naming the file, before training",
    async (how) => {
      const { dir, file } = damagedCopy(how);
      const caseDir = smallCase();
      setPolicy(caseDir, { boundary: { path: dir, source_stage: 5 } });
      const out = outDir();
      const r = await runJson({}, caseDir, out, "--threads", "1");
      const error = expectFailure(r, 2, expectedKind[how]);
      expect(error.context).toMatchObject({ path: file, field: "policy.boundary" });
      expect(r.stderr).not.toMatch(/^iter\s+\d/m);
      await expectNotComplete(out);
    },
  );

  it("the undamaged base policy warm-starts, resumes and bounds a run (the faults above are the only difference)", async () => {
    const caseDir = smallCase({ iterations: 4, scenarios: 2 });
    setPolicy(caseDir, { mode: "warm_start", path: base, boundary: { path: base, source_stage: 5 } });
    const out = outDir();
    const r = await runJson({}, caseDir, out, "--threads", "1");
    expect(r.code, r.stderr).toBe(0);
    expect((await verifyOutputs(out)).complete).toBe(true);
  });
});
