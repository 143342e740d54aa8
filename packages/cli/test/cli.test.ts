/**
 * The `cobre` bin end to end, in child processes (see ./support/cobre-bin): every
 * subcommand in both output formats with its exit code, a broken case, a missing
 * directory, and bad arguments; never a stack trace. (`run --output-format json-lines`,
 * `compare` and Ctrl-C have their own files.)
 */
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { isErrorKind } from "@cobre/core";
import { beforeAll, describe, expect, it } from "vitest";
import {
  type CliResult,
  type JsonObject,
  STACK_TRACE,
  cobre,
  cobreAsync,
  cobreJson,
  cobreJsonAsync,
  repoRoot,
} from "./support/cobre-bin";
import { outDir, smallCase } from "./support/small-case";

const deterministic = path.resolve(repoRoot, "../shared/cobre-reference/examples/deterministic");
const d02 = path.join(deterministic, "d02-single-hydro");
const missing = path.join(tmpdir(), "no-such-cobre-dir");
const ANSI = "\u001b[";

/** A JSON run: one envelope on stdout for `command`, with `code` as exit status and field. */
function expectEnvelope(r: CliResult & { envelope: JsonObject }, command: string, code: number): JsonObject {
  expect(r.code, r.stderr).toBe(code);
  expect(r.envelope).toMatchObject({
    $schema: "urn:cobre:response:v1",
    command,
    success: code === 0,
    exit_code: code,
  });
  expect(r.stderr).not.toMatch(STACK_TRACE);
  return r.envelope;
}

/** A human run: plain text (no colours off a terminal) and no stack trace. */
function expectHuman(r: CliResult, code: number): void {
  expect(r.code, r.stderr).toBe(code);
  expect(r.stdout + r.stderr).not.toContain(ANSI);
  expect(r.stdout + r.stderr).not.toMatch(STACK_TRACE);
}

/** A copy of d02 whose thermals.json is cut off mid-object. */
function brokenCase(): string {
  const dir = mkdtempSync(path.join(tmpdir(), "cobre-broken-"));
  cpSync(d02, dir, { recursive: true });
  writeFileSync(path.join(dir, "system/thermals.json"), '{"thermals": [{"id": 0, "name": "T0", "bus_id": 7, ');
  return dir;
}

/**
 * d13 with its generic constraint made hard and out of reach: thermal 0 (at most 30 MW)
 * must make at least 100 000 MW above the bound, with no slack, so the first forward LP
 * is infeasible.
 */
function infeasibleCase(): string {
  const dir = mkdtempSync(path.join(tmpdir(), "cobre-infeasible-"));
  cpSync(path.join(deterministic, "d13-generic-constraint"), dir, { recursive: true });
  const file = path.join(dir, "constraints/generic_constraints.json");
  const doc = JSON.parse(readFileSync(file, "utf8"));
  doc.constraints[0] = {
    ...doc.constraints[0],
    expression: "thermal_generation(0) - 100000",
    sense: ">=",
    slack: { enabled: false },
  };
  writeFileSync(file, JSON.stringify(doc));
  return dir;
}

/** Every error and warning of an envelope carries a kind of the registry in @cobre/core. */
function expectRegistryKinds(env: JsonObject): void {
  for (const r of [...env.errors, ...env.warnings]) expect(isErrorKind(r.kind), r.kind).toBe(true);
}

describe("cobre version", () => {
  it("human and json: Cobre-TS, HiGHS and Node versions", () => {
    const human = cobre("version");
    expectHuman(human, 0);
    expect(human.stdout).toMatch(/^cobre \d+\.\d+\.\d+\nHiGHS \d+\.\d+\.\d+\nNode\.js /);
    const env = expectEnvelope(cobreJson("version"), "version", 0);
    expect(env.data.highs).toMatch(/^\d+\.\d+\.\d+$/);
    expect(env.data.node).toBe(process.versions.node);
    expect(cobre("--version").stdout).toBe(human.stdout);
  });
});

describe("cobre validate", () => {
  it("a valid case exits 0: the five layers in json, a check mark in human", () => {
    const env = expectEnvelope(cobreJson("validate", d02), "validate", 0);
    expect(env.data).toEqual({
      valid: true,
      layers_completed: ["structural", "schema", "referential", "dimensional", "semantic"],
    });
    const human = cobre("validate", d02);
    expectHuman(human, 0);
    expect(human.stdout).toContain(
      `✓ ${d02} is valid (layers: structural, schema, referential, dimensional, semantic)`,
    );
  });

  it("a broken case exits 1 with structured errors and no stack trace", () => {
    const dir = brokenCase();
    const env = expectEnvelope(cobreJson("validate", dir), "validate", 1);
    expect(env.errors[0]).toMatchObject({ kind: "ParseError", context: { file: "system/thermals.json" } });
    expect(env.data.valid).toBe(false);
    const human = cobre("validate", dir);
    expectHuman(human, 1);
    expect(human.stdout).toContain("[ParseError]");
    expect(human.stdout).toContain("system/thermals.json");
  });

  it("a missing directory exits 2 (I/O, as the book's exit-code table says) with IoError", () => {
    const env = expectEnvelope(cobreJson("validate", missing), "validate", 2);
    expect(env.errors).toMatchObject([{ kind: "IoError", context: { path: missing, code: "ENOENT" } }]);
    expect(env.data).toBeNull();
    const human = cobre("validate", missing);
    expectHuman(human, 2);
    expect(human.stderr).toContain(`[IoError] case directory not found: ${missing}`);
  });
});

describe("cobre run, report and summary", () => {
  const caseDir = smallCase({ iterations: 3, scenarios: 10 });
  const [humanOut, jsonOut] = [outDir(), outDir()];
  let human: CliResult;
  let json: CliResult & { envelope: JsonObject };
  beforeAll(async () => {
    [human, json] = await Promise.all([
      cobreAsync("run", caseDir, "--output", humanOut, "--threads", "1"),
      cobreJsonAsync("run", d02, "--output", jsonOut, "--threads", "1"),
    ]);
  });

  it("run, human: progress lines on stderr, the summary table on stdout, outputs written", () => {
    expectHuman(human, 0);
    expect(human.stderr).toContain("cobre run");
    expect(human.stderr.match(/^iter\s+\d+\s+LB\s/gm)).toHaveLength(3);
    expect(human.stderr).toMatch(/^simulation \[#+\] 10\/10 /m);
    expect(human.stdout).toMatch(/^Summary\n/);
    expect(human.stdout).toContain("Iterations       3, stopped by iteration_limit");
    expect(human.stdout).toContain("Scenarios        10");
    expect(human.stdout).toContain(`details: cobre summary ${humanOut}`);
    for (const f of ["training/_manifest.json", "policy/metadata.json", "simulation/_manifest.json"])
      expect(existsSync(path.join(humanOut, f)), f).toBe(true);
  });

  it("run, json: one envelope on stdout with the bounds (d02's known optimum); progress is not printed", () => {
    const env = expectEnvelope(json, "run", 0);
    expect(env.data.training).toMatchObject({ termination_reason: expect.any(String), workers: 1 });
    expect(env.data.training.final_lower_bound).toBeCloseTo(23635000 / 9, 3);
    expect(env.data.output_dir).toBe(jsonOut);
    expect(json.stderr).toBe("");
    expect(existsSync(path.join(jsonOut, "training/convergence.parquet"))).toBe(true);
    expect(existsSync(path.join(jsonOut, "policy/cuts/stage_000.bin"))).toBe(true);
  });

  it("report, human and json: what the run wrote", async () => {
    const [h, j, plot] = await Promise.all([
      cobreAsync("report", humanOut),
      cobreJsonAsync("report", humanOut, "--section", "convergence"),
      cobreJsonAsync("report", humanOut, "--plot", "convergence", "--out", path.join(outDir(), "c.svg")),
    ]);
    expectHuman(h, 0);
    for (const title of ["Training  complete", "Convergence", "Simulation  complete", "Metadata", "Policy"])
      expect(h.stdout).toContain(title);
    const env = expectEnvelope(j, "report", 0);
    expect(env.data.convergence.iterations).toBe(3);
    expect(env.data.output_directory).toBe(humanOut);
    expect(expectEnvelope(plot, "report", 0).data).toMatchObject({ plot: "convergence", bytes: expect.any(Number) });
  });

  it("summary, human and json: bounds, termination and cost statistics", async () => {
    const [h, j] = await Promise.all([cobreAsync("summary", humanOut), cobreJsonAsync("summary", humanOut)]);
    expectHuman(h, 0);
    expect(h.stdout).toContain("Training  complete · 3 iterations (limit 3) · stopped by iteration_limit");
    expect(h.stdout).toMatch(/^\s+total_cost\s/m);
    const env = expectEnvelope(j, "summary", 0);
    expect(env.data.training).toMatchObject({ iterations: 3, termination_reason: "iteration_limit" });
    expect(env.data.simulation.scenarios).toEqual({ total: 10, completed: 10, failed: 0 });
  });

  it("run on a broken case exits 1 before training, with structured errors", async () => {
    const dir = brokenCase();
    const out = path.join(outDir(), "out");
    const [j, h] = await Promise.all([
      cobreJsonAsync("run", dir, "--output", out),
      cobreAsync("run", dir, "--output", out),
    ]);
    const env = expectEnvelope(j, "run", 1);
    expect(env.data).toBeNull();
    expect(env.errors[0]).toMatchObject({ kind: "ParseError", context: { file: "system/thermals.json" } });
    expectRegistryKinds(env);
    expectHuman(h, 1);
    expect(h.stderr).toContain("[ParseError]");
    expect(h.stderr).toContain(`the case is not valid (${env.errors.length} error(s))`);
    expect(existsSync(out)).toBe(false);
  });

  it("an LP with no feasible point exits 3 with SolverFailure, the registry's name, in json and human", async () => {
    const dir = infeasibleCase();
    const [j, h] = await Promise.all([
      cobreJsonAsync("run", dir, "--output", path.join(outDir(), "out"), "--threads", "1"),
      cobreAsync("run", dir, "--output", path.join(outDir(), "out"), "--threads", "1"),
    ]);
    const env = expectEnvelope(j, "run", 3);
    expect(env.data).toBeNull();
    expect(env.errors).toHaveLength(1);
    expect(env.errors[0]).toMatchObject({
      kind: "SolverFailure",
      context: { stage: 0, iteration: 1, phase: "forward", status: "Infeasible", ending: "confirmed" },
    });
    expect(env.errors[0].suggestion).toContain("no feasible point");
    expectRegistryKinds(env);
    expectHuman(h, 3);
    expect(h.stderr).toContain("[SolverFailure] forward LP of stage 0 (iteration 1, scenario 0");
  });

  it("a missing directory: run, report and summary exit 2 (IoError)", async () => {
    const [runJ, runH, reportJ, reportH, summaryJ, summaryH] = await Promise.all([
      cobreJsonAsync("run", missing),
      cobreAsync("run", missing),
      cobreJsonAsync("report", missing),
      cobreAsync("report", missing),
      cobreJsonAsync("summary", missing),
      cobreAsync("summary", missing),
    ]);
    for (const [j, h, command] of [
      [runJ, runH, "run"],
      [reportJ, reportH, "report"],
      [summaryJ, summaryH, "summary"],
    ] as const) {
      expect(expectEnvelope(j, command, 2).errors[0]).toMatchObject({
        kind: "IoError",
        context: { code: "ENOENT" },
      });
      expectHuman(h, 2);
      expect(h.stdout).toBe("");
      expect(h.stderr).toContain("[IoError]");
    }
  });
});

describe("cobre run warnings", () => {
  it("validation warnings and options the engine does not implement are reported, in human and json", async () => {
    const caseDir = smallCase({ iterations: 2, scenarios: 2 });
    const file = path.join(caseDir, "config.json");
    const config = JSON.parse(readFileSync(file, "utf8"));
    config.training.cut_formulation = "multi";
    delete config.training.tree_seed;
    writeFileSync(file, JSON.stringify(config, null, 2));
    const [human, json] = await Promise.all([
      cobreAsync("run", caseDir, "--output", outDir(), "--threads", "1"),
      cobreJsonAsync("run", caseDir, "--output", outDir(), "--threads", "1"),
    ]);
    expectHuman(human, 0);
    expect(human.stderr).toMatch(/^warning \[UnsupportedOption\] multi-cut formulation is not implemented/m);
    // Validation warnings of a valid case come first (here: no tree_seed, so 42).
    expect(human.stderr).toMatch(/^warning \[DefaultApplied\] .*no training.tree_seed; using the default seed 42/m);
    const env = expectEnvelope(json, "run", 0);
    expect(env.warnings).toEqual([
      expect.objectContaining({
        kind: "DefaultApplied",
        context: expect.objectContaining({ field: "training.tree_seed" }),
      }),
      expect.objectContaining({
        kind: "UnsupportedOption",
        context: expect.objectContaining({ field: "training.cut_formulation" }),
      }),
    ]);
  });
});

describe("cobre init and schema export", () => {
  it("init, human and json: --list and a scaffolded case", async () => {
    const base = mkdtempSync(path.join(tmpdir(), "cobre-init-"));
    const [listH, listJ, initH, initJ] = await Promise.all([
      cobreAsync("init", "--list"),
      cobreJsonAsync("init", "--list"),
      cobreAsync("init", path.join(base, "h")),
      cobreJsonAsync("init", "--template", "cascade-par", path.join(base, "j")),
    ]);
    expectHuman(listH, 0);
    expect(listH.stdout).toMatch(/hydro-tiny\s+2 buses/);
    expect(expectEnvelope(listJ, "init", 0).data.templates.map((t: { name: string }) => t.name)).toEqual([
      "hydro-tiny",
      "cascade-par",
      "1dtoy",
    ]);
    expectHuman(initH, 0);
    expect(initH.stdout).toContain("from template 'hydro-tiny' (10 files)");
    const env = expectEnvelope(initJ, "init", 0);
    expect(env.data).toMatchObject({ template: "cascade-par", directory: path.join(base, "j") });
    for (const f of env.data.files) expect(existsSync(path.join(base, "j", f)), f).toBe(true);
    // A second init into the same directory is refused.
    const again = cobreJson("init", path.join(base, "h"));
    expect(expectEnvelope(again, "init", 1).errors[0].kind).toBe("DirectoryNotEmpty");
  });

  it("schema export, human and json", async () => {
    const base = mkdtempSync(path.join(tmpdir(), "cobre-schema-"));
    const [h, j] = await Promise.all([
      cobreAsync("schema", "export", path.join(base, "h")),
      cobreJsonAsync("schema", "export", path.join(base, "j")),
    ]);
    expectHuman(h, 0);
    expect(h.stdout).toMatch(/^✓ wrote \d+ JSON Schemas to /);
    const env = expectEnvelope(j, "schema", 0);
    expect(env.data.files.length).toBeGreaterThan(0);
    expect(readdirSync(path.join(base, "h")).sort()).toEqual([...env.data.files].sort());
  });
});

describe("arguments", () => {
  it("unknown commands and flags exit 1, in human and json", () => {
    const unknown = cobre("frobnicate");
    expectHuman(unknown, 1);
    expect(unknown.stderr).toContain("unknown command 'frobnicate'");
    const flag = cobre("run", "x", "--bogus");
    expectHuman(flag, 1);
    expect(flag.stderr).toContain("--bogus");
    const env = expectEnvelope(cobreJson("run", "x", "--bogus"), "run", 1);
    expect(env.errors[0]).toMatchObject({ kind: "InvalidArguments" });
    expect(expectEnvelope(cobreJson("validate"), "validate", 1).errors[0].message).toContain("needs a case directory");
  });

  it("--help prints the usage and exits 0", () => {
    const r = cobre("--help");
    expectHuman(r, 0);
    for (const c of ["run", "validate", "report", "summary", "init", "schema", "compare", "version"])
      expect(r.stdout).toContain(c);
  });
});
