/**
 * `runStudy` in-process, around its faults: the training outputs are on disk, complete and
 * verified before the first scenario is simulated; an unusable output location fails
 * before any work; a worker dying in the simulation leaves the training record whole and
 * the simulation resumable; and a run that starts in the directory of an earlier finished
 * run and is then interrupted leaves nothing that reads as complete.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Case } from "@cobre/core";
import { loadCase, verifyOutputs } from "@cobre/io";
import { type ProgressEvent, type RunWarning, runStudy } from "@cobre/sddp";
import { afterEach, beforeAll, describe, expect, it } from "vitest";

const here = path.dirname(fileURLToPath(import.meta.url));
let tiny: Case;

beforeAll(async () => {
  const loaded = await loadCase(path.resolve(here, "../../../examples/hydro-tiny"));
  if (!loaded.ok) throw new Error(loaded.error.message);
  tiny = loaded.value;
});

afterEach(() => {
  delete process.env.COBRE_TEST_CRASH_WORKER;
});

function shrink(iterations: number, scenarios: number): Case {
  return {
    ...tiny,
    config: {
      ...tiny.config,
      training: { ...tiny.config.training, stoppingRules: [{ type: "iteration_limit", limit: iterations }] },
      simulation: { ...tiny.config.simulation, enabled: true, numScenarios: scenarios },
    },
  };
}

const outDir = () => path.join(mkdtempSync(path.join(tmpdir(), "cobre-run-study-")), "out");
const manifest = (out: string, which: "training" | "simulation") =>
  JSON.parse(readFileSync(path.join(out, which, "_manifest.json"), "utf8"));

describe("runStudy and its faults", () => {
  it("writes the training outputs, complete and verifiable, before simulating the first scenario", async () => {
    const out = outDir();
    let seen: { files: Record<string, boolean>; training: unknown; simulationDone: boolean } | undefined;
    const r = await runStudy(shrink(3, 8), {
      outputDir: out,
      onProgress: (e: ProgressEvent) => {
        if (e.phase !== "simulation" || seen !== undefined) return;
        // The first simulation event: look at the disk as a crash at this instant would leave it.
        const files = Object.fromEntries(
          [
            "policy/metadata.json",
            "training/_manifest.json",
            "training/_SUCCESS",
            "training/metadata.json",
            "training/convergence.parquet",
            "training/timing/iterations.parquet",
            "training/dictionaries/codes.json",
            "simulation/_SUCCESS",
          ].map((f) => [f, existsSync(path.join(out, f))]),
        );
        seen = { files, training: manifest(out, "training"), simulationDone: e.scenariosComplete === e.scenariosTotal };
      },
    });
    expect(r.ok, r.ok ? "" : r.error.message).toBe(true);
    expect(seen).toBeDefined();
    expect(seen?.simulationDone).toBe(false);
    expect(seen?.files).toEqual({
      "policy/metadata.json": true,
      "training/_manifest.json": true,
      "training/_SUCCESS": true,
      "training/metadata.json": true,
      "training/convergence.parquet": true,
      "training/timing/iterations.parquet": true,
      "training/dictionaries/codes.json": true,
      "simulation/_SUCCESS": false,
    });
    expect(seen?.training).toMatchObject({ status: "complete", iterations: { completed: 3 } });
    // And at the end the simulation closed its side: the whole directory verifies.
    const report = await verifyOutputs(out, { system: tiny.system });
    expect(report.issues).toEqual([]);
    expect(report.complete).toBe(true);
    expect(report.scenariosChecked).toBe(8);
  });

  it("an output location that is a file fails with an IoError before training starts", async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), "cobre-run-study-")), "taken");
    writeFileSync(file, "x");
    const phases = new Set<string>();
    const r = await runStudy(shrink(3, 8), { outputDir: file, onProgress: (e) => phases.add(e.phase) });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error).toMatchObject({ kind: "IoError", source: "io", context: { code: "ENOTDIR", path: file } });
    expect(r.error.message).toContain("is an existing file, not a directory");
    expect(phases.size).toBe(0);
  });

  it("a worker dying in the simulation: WorkerFailed (internal); training complete, simulation running", async () => {
    const out = outDir();
    process.env.COBRE_TEST_CRASH_WORKER = "simulate";
    const r = await runStudy(shrink(3, 8), { outputDir: out, numWorkers: 2 });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error).toMatchObject({ kind: "WorkerFailed", source: "internal", context: { exitCode: 3 } });
    expect(manifest(out, "training").status).toBe("complete");
    expect(existsSync(path.join(out, "training/_SUCCESS"))).toBe(true);
    expect(manifest(out, "simulation").status).toBe("running");
    const report = await verifyOutputs(out);
    expect(report.complete).toBe(false);
    expect(report.status).toEqual({ training: "complete", simulation: "running" });
  });

  it("a run interrupted in the directory of an earlier finished run leaves nothing that reads as complete", async () => {
    const out = outDir();
    const first = await runStudy(shrink(3, 4), { outputDir: out });
    expect(first.ok).toBe(true);
    expect((await verifyOutputs(out)).complete).toBe(true);

    const abort = new AbortController();
    const second = await runStudy(shrink(50, 4), {
      outputDir: out,
      signal: abort.signal,
      onProgress: (e) => {
        if (e.phase === "training") abort.abort();
      },
    });
    expect(second.ok).toBe(true);
    if (!second.ok) return;
    expect(second.value.interrupted).toBe(true);
    expect(second.value.training?.terminationReason).toBe("shutdown");
    const iterations = second.value.training?.history.length ?? 0;
    expect(iterations).toBeLessThanOrEqual(2);
    expect(manifest(out, "training")).toMatchObject({
      status: "running",
      completed_at: null,
      iterations: { completed: iterations },
    });
    expect(existsSync(path.join(out, "training/_SUCCESS"))).toBe(false);
    expect(existsSync(path.join(out, "simulation/_SUCCESS"))).toBe(false);
    expect(existsSync(path.join(out, "simulation/_manifest.json"))).toBe(false);
    const report = await verifyOutputs(out);
    expect(report.complete).toBe(false);
    expect(report.status).toEqual({ training: "running", simulation: null });
  });

  // Needs a small filesystem: a tmpfs, which only root may mount (CI runs as root).
  const canMount = process.getuid?.() === 0;
  it.skipIf(!canMount && process.env.CI !== "true")(
    "too little free space for the policy estimate is a LowDiskSpace warning before training, not an error",
    async () => {
      expect(canMount, "CI must run as root: this test mounts a tmpfs").toBe(true);
      const disk = mkdtempSync(path.join(tmpdir(), "cobre-run-study-tmpfs-"));
      const mount = spawnSync("mount", ["-t", "tmpfs", "-o", "size=1m", "tmpfs", disk], { encoding: "utf8" });
      expect(mount.status, mount.stderr).toBe(0);
      try {
        const events: string[] = [];
        const warnings: RunWarning[] = [];
        const abort = new AbortController();
        // 6 stages × 100,000 iterations × forward passes cuts of ≥ 3 doubles: tens of MB.
        const r = await runStudy(shrink(100_000, 0), {
          outputDir: path.join(disk, "out"),
          signal: abort.signal,
          onWarning: (w) => {
            warnings.push(w);
            events.push("warning");
          },
          onProgress: (e) => {
            events.push(e.phase);
            if (e.phase === "training") abort.abort();
          },
        });
        expect(r.ok, r.ok ? "" : r.error.message).toBe(true);
        expect(events[0]).toBe("warning");
        expect(warnings).toHaveLength(1);
        const w = warnings[0]!;
        expect(w.kind).toBe("LowDiskSpace");
        expect(w.context.freeBytes).toBeLessThanOrEqual(1024 * 1024);
        expect(w.context.requiredBytes).toBeGreaterThan(1024 * 1024);
        expect(w.message).toMatch(/has [\d.]+ (MB|bytes) free; the policy alone needs at least [\d.]+ MB \(estimate\)/);
        if (r.ok) expect(r.value.warnings).toEqual(warnings);
      } finally {
        spawnSync("umount", [disk]);
      }
    },
  );
});
