/**
 * The CLI conventions of the Rust tool (book: CLI reference): the global `--color` and
 * its environment variables with their precedence, help per command (flags, defaults, an
 * example), exit codes as the book's table, deprecated spellings accepted with a warning
 * of a kind of its own.
 */
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { OPTIONS, type CommandName } from "../src/args";
import { type ColorWhen, extractColorFlag, resolveColor } from "../src/color";
import { COMMAND_HELP, commandHelpText } from "../src/help";
import { completion, cobre, cobreJson, repoRoot, spawnCobreWithEnv } from "./support/cobre-bin";

const d02 = path.resolve(repoRoot, "../shared/cobre-reference/examples/deterministic/d02-single-hydro");
const ANSI = "\u001b[";

describe("--color and the colour environment variables", () => {
  it.each([
    // flag, env, tty, expected — the book: flag > COBRE_COLOR > FORCE_COLOR > NO_COLOR > terminal
    ["always", { NO_COLOR: "1", COBRE_COLOR: "never" }, false, true],
    ["never", { FORCE_COLOR: "1", COBRE_COLOR: "always" }, true, false],
    ["auto", { COBRE_COLOR: "always", NO_COLOR: "1" }, false, true],
    ["auto", { COBRE_COLOR: "NEVER", FORCE_COLOR: "1" }, true, false],
    ["auto", { COBRE_COLOR: "sometimes", FORCE_COLOR: "1" }, false, true],
    ["auto", { FORCE_COLOR: "1", NO_COLOR: "1" }, false, true],
    ["auto", { FORCE_COLOR: "", NO_COLOR: "1" }, true, false],
    ["auto", { NO_COLOR: "1" }, true, false],
    ["auto", { NO_COLOR: "" }, true, true],
    ["auto", {}, true, true],
    ["auto", {}, false, false],
  ] as [ColorWhen, Record<string, string>, boolean, boolean][])(
    "--color %s with %j on a terminal=%s: colour %s",
    (flag, env, tty, expected) => {
      expect(resolveColor(flag, env, tty)).toBe(expected);
    },
  );

  it("is global: accepted before or after the command, as --color WHEN or --color=WHEN", () => {
    expect(extractColorFlag(["--color", "always", "run", "x"])).toEqual({ args: ["run", "x"], color: "always" });
    expect(extractColorFlag(["run", "x", "--color=never"])).toEqual({ args: ["run", "x"], color: "never" });
    expect(extractColorFlag(["validate", "x"])).toEqual({ args: ["validate", "x"], color: "auto" });
    expect(extractColorFlag(["--color", "sometimes", "run"])).toEqual({
      error: "--color must be auto, always or never, got 'sometimes'",
    });
  });

  it("the bin colours or not as the flag and the variables say", async () => {
    const base = { ...process.env, NO_COLOR: undefined, FORCE_COLOR: undefined, COBRE_COLOR: undefined };
    const [flag, cobreEnv, force, never, plain] = await Promise.all([
      completion(spawnCobreWithEnv({ ...base, NO_COLOR: "1" }, "--color", "always", "validate", d02)),
      completion(spawnCobreWithEnv({ ...base, NO_COLOR: "1", COBRE_COLOR: "always" }, "validate", d02)),
      completion(spawnCobreWithEnv({ ...base, FORCE_COLOR: "1" }, "validate", d02)),
      completion(spawnCobreWithEnv({ ...base, FORCE_COLOR: "1" }, "validate", d02, "--color=never")),
      completion(spawnCobreWithEnv(base, "validate", d02)),
    ]);
    for (const r of [flag, cobreEnv, force]) {
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toContain(`${ANSI}32m✓`);
    }
    for (const r of [never, plain]) {
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).not.toContain(ANSI);
    }
    const bad = cobre("--color", "sometimes", "version");
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain("--color must be auto, always or never");
  });
});

describe("help per command", () => {
  const commands = Object.keys(OPTIONS) as CommandName[];

  it.each(commands)("%s --help lists each of its flags with a default, and an example", (command) => {
    const text = commandHelpText(command);
    expect(text).toContain(`Usage: ${COMMAND_HELP[command].synopsis}`);
    for (const [name, option] of Object.entries(OPTIONS[command])) {
      expect(text).toContain(`--${name}`);
      if ("short" in option) expect(text).toContain(`-${option.short}`);
    }
    expect(text).toMatch(/\[default: [^\]]+\]/);
    expect(text).toContain("--color auto|always|never");
    expect(text).toMatch(/\nExamples?:\n {2}cobre /);
    // The example runs the command it documents.
    expect(COMMAND_HELP[command].examples.every((e) => e.startsWith(`cobre ${command}`))).toBe(true);
  });

  it("the bin prints the command's help, not the global usage, for `<command> --help` and `help <command>`", () => {
    const run = cobre("run", "--help");
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(commandHelpText("run"));
    expect(run.stdout).toContain("--threads N, -t");
    expect(run.stdout).toContain("[default: <CASE_DIR>/output]");
    expect(run.stdout).not.toContain("cobre compare");
    expect(cobre("help", "init").stdout).toBe(commandHelpText("init"));
    expect(cobre("init", "-h").stdout).toContain("--template NAME");
    const global = cobre("--help");
    expect(global.stdout).toContain("Usage: cobre [--color auto|always|never] <COMMAND>");
  });
});

describe("exit codes of the book's table and deprecated spellings", () => {
  it("a missing case directory is I/O (2) for validate and run; invalid arguments stay 1", () => {
    const missing = path.join(tmpdir(), "no-such-cobre-case");
    expect(cobre("validate", missing).code).toBe(2);
    expect(cobreJson("run", missing).envelope.errors[0]).toMatchObject({ kind: "IoError" });
    expect(cobre("run").code).toBe(1);
  });

  it('order_selection "fixed" validates with a DeprecatedOption warning; no tree_seed is DefaultApplied', () => {
    const dir = mkdtempSync(path.join(tmpdir(), "cobre-deprecated-"));
    cpSync(d02, dir, { recursive: true });
    const file = path.join(dir, "config.json");
    const config = JSON.parse(readFileSync(file, "utf8"));
    config.estimation = { order_selection: "fixed" };
    delete config.training.tree_seed;
    writeFileSync(file, JSON.stringify(config));
    const r = cobreJson("validate", dir);
    expect(r.code, r.stderr).toBe(0);
    expect(r.envelope.warnings.map((w: { kind: string }) => w.kind).sort()).toEqual([
      "DefaultApplied",
      "DeprecatedOption",
    ]);
  });
});
