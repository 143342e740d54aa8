/**
 * The `cobre` command end to end, run from sources in a child process: exit codes, the
 * JSON envelope on stdout, and no stack traces on bad input.
 */
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const here = path.dirname(fileURLToPath(import.meta.url));
const cli = path.resolve(here, "../src/cli.ts");
const deterministic = path.resolve(here, "../../../../shared/cobre-reference/examples/deterministic");

function cobre(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ["--conditions=@cobre/source", "--import", "tsx", cli, ...args], {
    encoding: "utf8",
    cwd: path.resolve(here, "../../.."),
    env: { ...process.env, NO_COLOR: "1" },
    timeout: 120_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe("cobre CLI", () => {
  it("validate: a valid case exits 0 with a success envelope", () => {
    const r = cobre("validate", path.join(deterministic, "d02-single-hydro"), "--output-format", "json");
    expect(r.code).toBe(0);
    const env = JSON.parse(r.stdout);
    expect(env).toMatchObject({ $schema: "urn:cobre:response:v1", command: "validate", success: true, exit_code: 0 });
    expect(env.data.layers_completed).toEqual(["structural", "schema", "referential", "dimensional", "semantic"]);
  });

  it("validate: a broken case exits 1 with structured errors and no stack trace", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "cobre-broken-"));
    cpSync(path.join(deterministic, "d02-single-hydro"), dir, { recursive: true });
    writeFileSync(path.join(dir, "system/thermals.json"), '{"thermals": [{"id": 0, "name": "T0", "bus_id": 7, ');
    const r = cobre("validate", dir, "--output-format", "json");
    expect(r.code).toBe(1);
    const env = JSON.parse(r.stdout);
    expect(env.success).toBe(false);
    expect(env.errors[0]).toMatchObject({ kind: "ParseError", context: { file: "system/thermals.json" } });
    expect(r.stderr).not.toMatch(/\n\s+at /);
    const human = cobre("validate", dir);
    expect(human.code).toBe(1);
    expect(human.stdout).toContain("[ParseError]");
  });

  it("run: trains, simulates and writes outputs; the JSON envelope carries the bounds", () => {
    const out = mkdtempSync(path.join(tmpdir(), "cobre-run-"));
    const r = cobre(
      "run",
      path.join(deterministic, "d02-single-hydro"),
      "--output",
      out,
      "--output-format",
      "json",
      "--threads",
      "1",
    );
    expect(r.code, r.stderr).toBe(0);
    const env = JSON.parse(r.stdout);
    expect(env.data.training.final_lower_bound).toBeCloseTo(23635000 / 9, 3);
    expect(existsSync(path.join(out, "training/convergence.parquet"))).toBe(true);
    expect(existsSync(path.join(out, "policy/cuts/stage_000.bin"))).toBe(true);
  });

  it("run: an invalid case exits 1 before training", () => {
    const r = cobre("run", path.join(tmpdir(), "no-such-case-dir"), "--output-format", "json");
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).errors[0].kind).toBe("MissingFile");
  });

  it("rejects unknown commands and flags with exit code 1", () => {
    expect(cobre("frobnicate").code).toBe(1);
    const r = cobre("run", "x", "--bogus");
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("--bogus");
  });

  it("version reports HiGHS and Node versions", () => {
    const r = cobre("version", "--output-format", "json");
    expect(r.code).toBe(0);
    const env = JSON.parse(r.stdout);
    expect(env.data.highs).toMatch(/^\d+\.\d+\.\d+$/);
    expect(env.data.node).toBe(process.versions.node);
  });
});
