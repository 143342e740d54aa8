/**
 * `cobre init`: templates ship with the package, equal their examples, scaffold cases that
 * validate and run, and a non-empty directory is only touched with --force.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadCase, validate } from "@cobre/io";
import { runStudy } from "@cobre/sddp";
import { UsageError } from "../src/args";
import { type InitFlags, initCommand } from "../src/commands/init";
import { listTemplates, templateFiles, templatesDir, walk } from "../src/templates";
import { capture, captureJson } from "./support/capture";
import { cobre, repoRoot } from "./support/cobre-bin";

const fresh = () => path.join(mkdtempSync(path.join(tmpdir(), "cobre-init-")), "case");
const flags = (over: Partial<InitFlags> = {}): InitFlags => ({
  format: "json",
  template: undefined,
  list: false,
  force: false,
  ...over,
});

describe("cobre init", () => {
  it("--list offers hydro-tiny, cascade-par and the Rust tool's 1dtoy", async () => {
    const r = await captureJson(() => initCommand(undefined, flags({ list: true })));
    expect(r.code).toBe(0);
    expect(r.envelope.data.templates.map((t: { name: string }) => t.name)).toEqual([
      "hydro-tiny",
      "cascade-par",
      "1dtoy",
    ]);
    const human = await capture(() => initCommand(undefined, flags({ list: true, format: "human" })));
    expect(human.stdout).toMatch(/cascade-par\s+4 buses, 7 hydros/);
  });

  it.each(listTemplates().map((t) => t.name))("template %s is a byte-for-byte copy of its example", async (name) => {
    const files = await templateFiles(name);
    expect(files).toEqual(await walk(path.join(repoRoot, "examples", name)));
    for (const f of files) {
      const a = readFileSync(path.join(templatesDir(), name, f));
      const b = readFileSync(path.join(repoRoot, "examples", name, f));
      expect(
        a.equals(b),
        `${name}/${f} differs from the example: run node packages/cli/scripts/sync-templates.mjs`,
      ).toBe(true);
    }
  });

  it("ships the templates folder in the package", () => {
    const pkg = JSON.parse(readFileSync(path.join(repoRoot, "packages/cli/package.json"), "utf8"));
    expect(pkg.files).toContain("templates");
    expect(templatesDir()).toBe(path.join(repoRoot, "packages/cli/templates"));
  });

  it("scaffolds hydro-tiny by default into a new directory (the bin, spawned), and the case validates", async () => {
    const dir = fresh();
    const r = cobre("init", dir);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain("from template 'hydro-tiny' (10 files)");
    expect(existsSync(path.join(dir, "scenarios/inflow_seasonal_stats.parquet"))).toBe(true);
    expect((await validate(dir)).valid).toBe(true);
  });

  it("scaffolds cascade-par: the PAR(1) case validates and trains", async () => {
    const dir = fresh();
    const r = await captureJson(() => initCommand(dir, flags({ template: "cascade-par" })));
    expect(r.code).toBe(0);
    expect(r.envelope.data.files).toContain("scenarios/inflow_ar_coefficients.parquet");
    const report = await validate(dir);
    expect(report.errors).toEqual([]);
    const loaded = await loadCase(dir);
    if (!loaded.ok) throw new Error("cascade-par does not load");
    const c = loaded.value;
    expect(c.system.hydros.filter((h) => h.downstreamId !== null)).toHaveLength(3);
    // One iteration and one scenario keep the test fast; the full example runs in about 10 s.
    const short = {
      ...c,
      config: {
        ...c.config,
        training: { ...c.config.training, stoppingRules: [{ type: "iteration_limit" as const, limit: 1 }] },
        simulation: { ...c.config.simulation, numScenarios: 1 },
      },
    };
    const run = await runStudy(short, { outputDir: path.join(dir, "output") });
    expect(run.ok).toBe(true);
    if (!run.ok) return;
    expect(run.value.training?.history).toHaveLength(1);
    expect(run.value.training?.finalLowerBound).toBeGreaterThan(0);
    expect(run.value.simulation?.scenarios).toBe(1);
  });

  it("scaffolds 1dtoy (the bin, spawned): the same case as the Cobre repository's examples/1dtoy", async () => {
    const dir = fresh();
    const r = cobre("init", "--template", "1dtoy", dir);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain("from template '1dtoy' (10 files)");
    const [ours, reference] = await Promise.all([
      loadCase(dir),
      loadCase(path.resolve(repoRoot, "../shared/cobre-reference/examples/1dtoy")),
    ]);
    if (!ours.ok || !reference.ok) throw new Error("1dtoy does not load");
    // Written by us from the book's facts; loaded, it is the reference case.
    expect(ours.value.system).toEqual(reference.value.system);
    expect(ours.value.config).toEqual(reference.value.config);
    expect(ours.value.scenarios).toEqual(reference.value.scenarios);
    const sys = ours.value.system;
    expect([sys.buses.length, sys.hydros.length, sys.thermals.length, sys.lines.length]).toEqual([1, 1, 2, 0]);
    expect(sys.stages.map((s) => s.blocks[0]!.hours)).toEqual([744, 696, 744, 720]);
  });

  it("refuses a non-empty directory (exit 1) and leaves it untouched", async () => {
    const dir = fresh();
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, "config.json"), "mine");
    const r = await captureJson(() => initCommand(dir, flags()));
    expect(r.code).toBe(1);
    expect(r.envelope.errors[0]).toMatchObject({ kind: "DirectoryNotEmpty" });
    expect(readFileSync(path.join(dir, "config.json"), "utf8")).toBe("mine");
  });

  it("--force overwrites the template's files and warns about files it kept", async () => {
    const dir = fresh();
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, "config.json"), "mine");
    writeFileSync(path.join(dir, "notes.txt"), "keep me");
    const r = await captureJson(() => initCommand(dir, flags({ force: true })));
    expect(r.code).toBe(0);
    expect(JSON.parse(readFileSync(path.join(dir, "config.json"), "utf8")).training).toBeDefined();
    expect(readFileSync(path.join(dir, "notes.txt"), "utf8")).toBe("keep me");
    expect(r.envelope.warnings[0]).toMatchObject({ kind: "ExistingFilesKept", context: { files: ["notes.txt"] } });
  });

  it("rejects an unknown template and a missing directory as argument errors", async () => {
    await expect(initCommand(fresh(), flags({ template: "nope" }))).rejects.toThrow(
      "available: hydro-tiny, cascade-par, 1dtoy",
    );
    await expect(initCommand(undefined, flags())).rejects.toThrow(UsageError);
  });
});
