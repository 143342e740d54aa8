/**
 * `cobre report` on a real run: every section carries what the files hold, JSON and
 * human forms agree with the run itself, and missing or corrupt outputs exit 2 with the
 * library's error kind.
 */
import { cpSync, mkdtempSync, rmSync, truncateSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { UsageError } from "../src/args";
import { type ReportFlags, reportCommand } from "../src/commands/report";
import { buildReport } from "../src/run-data/report-data";
import { capture, captureJson } from "./support/capture";
import { cobre } from "./support/cobre-bin";
import { type RunFixture, makeRunFixture } from "./support/run-fixture";

let fx: RunFixture;
beforeAll(async () => {
  fx = await makeRunFixture();
});

const human: ReportFlags = { format: "human", section: undefined, plot: undefined, out: undefined };
const json = (section?: string): ReportFlags => ({ ...human, format: "json", section });

/** A copy of the fixture's outputs that a test may damage. */
function scratchCopy(): string {
  const dir = mkdtempSync(path.join(tmpdir(), "cobre-report-"));
  cpSync(fx.outputDir, dir, { recursive: true });
  return dir;
}

describe("cobre report", () => {
  it("--section all reads the manifests, convergence log, metadata and policy of the run", async () => {
    const r = await buildReport(fx.outputDir, "all");
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const d = r.value.data;
    expect(r.value.warnings).toEqual([]);
    expect(d.status).toBe("complete");
    expect(d.training?.iterations.completed).toBe(8);
    expect(d.training?.convergence.termination_reason).toBe("iteration_limit");
    expect(d.convergence?.history.map((h) => h.iteration)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(d.convergence?.final?.lower_bound).toBeCloseTo(fx.run.finalLowerBound, 6);
    expect(d.simulation?.scenarios).toEqual({ total: 20, completed: 20, failed: 0 });
    expect(d.simulation?.partitions_written_count).toBe(20);
    expect(d.metadata?.problem_dimensions).toMatchObject({
      num_stages: 6,
      num_hydros: 2,
      num_thermals: 3,
      num_buses: 2,
    });
    expect(d.policy?.num_stages).toBe(6);
    expect(d.policy?.total_cuts).toBe(fx.run.totalCuts);
    expect(d.policy?.stages.map((s) => s.stage)).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it("JSON: --section convergence wraps the training manifest and the log in the envelope", async () => {
    const r = await captureJson(() => reportCommand(fx.outputDir, json("convergence")));
    expect(r.code).toBe(0);
    expect(r.envelope).toMatchObject({
      $schema: "urn:cobre:response:v1",
      command: "report",
      success: true,
      exit_code: 0,
      errors: [],
    });
    const d = r.envelope.data;
    expect(Object.keys(d).sort()).toEqual(["convergence", "output_directory", "status", "training"]);
    expect(d.training.cuts.total_generated).toBe(fx.run.totalCuts);
    expect(d.convergence.iterations).toBe(8);
    const last = d.convergence.history[7];
    expect(last.upper_bound_ci95).toBeCloseTo((1.96 * last.upper_bound_std) / Math.sqrt(last.forward_passes), 6);
  });

  it("human: prints one block per section with the run's figures", async () => {
    const r = await capture(() => reportCommand(fx.outputDir, human));
    expect(r.code, r.stderr).toBe(0);
    for (const title of ["Training  complete", "Convergence", "Simulation  complete", "Metadata", "Policy"])
      expect(r.stdout).toContain(title);
    expect(r.stdout).toContain("Iterations   8 of max 8");
    expect(r.stdout).toContain("20 of 20 completed, 0 failed");
    expect(r.stdout).toMatch(/^\s+8\s+\S+M\s+\S+M/m);
  });

  it("--section all reports an absent simulation as null with a warning", async () => {
    const dir = scratchCopy();
    rmSync(path.join(dir, "simulation"), { recursive: true });
    const r = await captureJson(() => reportCommand(dir, json()));
    expect(r.code).toBe(0);
    expect(r.envelope.data.simulation).toBeNull();
    expect(r.envelope.warnings[0]).toMatchObject({
      kind: "MissingOptionalOutput",
      context: { path: "simulation/_manifest.json" },
    });
  });

  it("a section asked for by name is required: no simulation → exit 2, IoError ENOENT", async () => {
    const dir = scratchCopy();
    rmSync(path.join(dir, "simulation"), { recursive: true });
    const r = await captureJson(() => reportCommand(dir, json("simulation")));
    expect(r.code).toBe(2);
    expect(r.envelope.success).toBe(false);
    expect(r.envelope.errors[0]).toMatchObject({ kind: "IoError", context: { family: "output", code: "ENOENT" } });
  });

  it("a missing output directory exits 2 (human message on stderr, no stack trace)", () => {
    const r = cobre("report", path.join(tmpdir(), "no-such-cobre-output"));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("[IoError]");
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it("a corrupt training manifest exits 2 with ManifestError", async () => {
    const dir = scratchCopy();
    writeFileSync(path.join(dir, "training/_manifest.json"), '{"version": ');
    const r = await captureJson(() => reportCommand(dir, json("convergence")));
    expect(r.code).toBe(2);
    expect(r.envelope.errors[0].kind).toBe("ManifestError");
  });

  it("a truncated policy file is damage, not absence: exit 2 even under --section all", async () => {
    const dir = scratchCopy();
    truncateSync(path.join(dir, "policy/cuts/stage_001.bin"), 10);
    const r = await buildReport(dir, "all");
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.family).toBe("policy");
    expect(r.error.error.kind).toBe("TruncatedFile");
    const cli = await captureJson(() => reportCommand(dir, json("policy")));
    expect(cli.code).toBe(2);
    expect(cli.envelope.errors[0]).toMatchObject({ kind: "TruncatedFile", context: { family: "policy" } });
  });

  it("rejects an unknown section, or --out without --plot, as argument errors", async () => {
    await expect(reportCommand(fx.outputDir, json("everything"))).rejects.toThrow(UsageError);
    await expect(reportCommand(fx.outputDir, { ...human, out: "x.svg" })).rejects.toThrow(
      "--out is only used with --plot",
    );
  });
});
