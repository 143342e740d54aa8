/** Helpers of the json-lines and compare tests: a small hydro-tiny copy and a CLI runner. */
import { spawn } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
export const repoRoot = path.resolve(here, "../../../..");
const cli = path.resolve(here, "../../src/cli.ts");

/**
 * A copy of examples/hydro-tiny in a temp dir, cut to a few iterations and scenarios so a
 * run takes a second or two; `seed` replaces the tree seed.
 */
export function smallCase(options: { iterations?: number; scenarios?: number; seed?: number } = {}): string {
  const dir = path.join(mkdtempSync(path.join(tmpdir(), "cobre-small-")), "case");
  cpSync(path.join(repoRoot, "examples/hydro-tiny"), dir, { recursive: true });
  const file = path.join(dir, "config.json");
  const config = JSON.parse(readFileSync(file, "utf8"));
  config.training.stopping_rules = [{ type: "iteration_limit", limit: options.iterations ?? 4 }];
  if (options.seed !== undefined) config.training.tree_seed = options.seed;
  config.simulation.num_scenarios = options.scenarios ?? 10;
  writeFileSync(file, JSON.stringify(config, null, 2));
  return dir;
}

export interface CliResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `cobre ...args` from sources in a child process (async, so runs can overlap). */
export function cobre(...args: string[]): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--conditions=@cobre/source", "--import", "tsx", cli, ...args], {
      cwd: repoRoot,
      env: { ...process.env, NO_COLOR: "1" },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (d: string) => {
      stdout += d;
    });
    child.stderr.setEncoding("utf8").on("data", (d: string) => {
      stderr += d;
    });
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

/** A fresh temp directory for outputs. */
export function outDir(): string {
  return mkdtempSync(path.join(tmpdir(), "cobre-out-"));
}
