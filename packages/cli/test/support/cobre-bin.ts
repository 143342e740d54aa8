/**
 * Runs the `cobre` command in a child process, as a user would: the built bin
 * (`node packages/cli/dist/cli.js`, what `pnpm build` makes and CI builds before the
 * tests) when it exists, otherwise the sources through tsx. Which one is logged once per
 * test file. In CI (`CI=true`) a missing build is an error rather than a fallback, so the
 * shipped bundle is what CI tests.
 */
import { type ChildProcessWithoutNullStreams, spawn, spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
export const repoRoot = path.resolve(here, "../../../..");
const builtCli = path.join(repoRoot, "packages/cli/dist/cli.js");
const sourceCli = path.join(repoRoot, "packages/cli/src/cli.ts");

/** A parsed JSON envelope: tests check it field by field, so its shape is left open. */
// biome-ignore lint/suspicious/noExplicitAny: envelope contents are asserted, not typed, in tests
export type JsonObject = Record<string, any>;

export interface CliResult {
  readonly code: number | null;
  /** The signal that ended the process, if one did (a CLI should exit, not be killed). */
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

let resolved: readonly string[] | undefined;

/** The node arguments that start the CLI: the built bin, or the sources via tsx. */
function cliArgv(): readonly string[] {
  if (resolved !== undefined) return resolved;
  if (existsSync(builtCli)) {
    resolved = [builtCli];
    console.info(`cobre tests: running the built binary ${path.relative(repoRoot, builtCli)}`);
    const stale = process.env.CI === "true" ? [] : staleBuilds();
    if (stale.length > 0)
      console.warn(`cobre tests: sources changed since the last build (${stale.join(", ")}); run \`pnpm build\``);
  } else if (process.env.CI === "true") {
    throw new Error(`${builtCli} is missing: CI must run \`pnpm build\` before the tests`);
  } else {
    resolved = ["--conditions=@cobre/source", "--import", "tsx", sourceCli];
    console.info(
      `cobre tests: ${path.relative(repoRoot, builtCli)} not built, running the sources with tsx (run \`pnpm build\` to test the bin)`,
    );
  }
  return resolved;
}

/** Newest modification time of the files under `dir` (0 when it does not exist). */
function newest(dir: string): number {
  if (!existsSync(dir)) return 0;
  let t = 0;
  for (const f of readdirSync(dir, { recursive: true, encoding: "utf8" }))
    t = Math.max(t, statSync(path.join(dir, f)).mtimeMs);
  return t;
}

/** Packages whose sources changed after their last build (the bin runs their dist). */
function staleBuilds(): string[] {
  const packages = path.join(repoRoot, "packages");
  return readdirSync(packages).filter(
    (p) => newest(path.join(packages, p, "src")) > newest(path.join(packages, p, "dist")),
  );
}

/** Plain output (no ANSI colours) whatever the terminal, so tests can match text. */
const env = (): NodeJS.ProcessEnv => ({ ...process.env, NO_COLOR: "1", FORCE_COLOR: undefined });

/** `cobre ...args`, synchronously. */
export function cobre(...args: string[]): CliResult {
  const r = spawnSync(process.execPath, [...cliArgv(), ...args], {
    encoding: "utf8",
    cwd: repoRoot,
    env: env(),
    timeout: 120_000,
  });
  if (r.error !== undefined) throw r.error;
  return { code: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr };
}

/** `cobre ...args --output-format json`, synchronously, with the envelope parsed. */
export function cobreJson(...args: string[]): CliResult & { readonly envelope: JsonObject } {
  const r = cobre(...args, "--output-format", "json");
  return { ...r, envelope: JSON.parse(r.stdout) as JsonObject };
}

/** Starts `cobre ...args` and returns the child (stdin closed), e.g. to send it signals. */
export function spawnCobre(...args: string[]): ChildProcessWithoutNullStreams {
  return spawnCobreWithEnv(env(), ...args);
}

/** `spawnCobre` with an environment of the caller's choosing (colour variables, say). */
export function spawnCobreWithEnv(environment: NodeJS.ProcessEnv, ...args: string[]): ChildProcessWithoutNullStreams {
  const child = spawn(process.execPath, [...cliArgv(), ...args], { cwd: repoRoot, env: environment });
  child.stdin.end();
  child.stdout.setEncoding("utf8");
  child.stderr.setEncoding("utf8");
  return child;
}

/** Collects a spawned child's output until it exits. */
export function completion(child: ChildProcessWithoutNullStreams): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: string) => {
      stdout += d;
    });
    child.stderr.on("data", (d: string) => {
      stderr += d;
    });
    child.on("error", reject);
    child.on("close", (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

/** `cobre ...args`, asynchronously (runs can overlap). */
export function cobreAsync(...args: string[]): Promise<CliResult> {
  return completion(spawnCobre(...args));
}

/** `cobre ...args --output-format json`, asynchronously, with the envelope parsed. */
export async function cobreJsonAsync(...args: string[]): Promise<CliResult & { readonly envelope: JsonObject }> {
  const r = await cobreAsync(...args, "--output-format", "json");
  return { ...r, envelope: JSON.parse(r.stdout) as JsonObject };
}

/** A stack trace line (`    at f (file:1:2)`): the CLI never prints one. */
export const STACK_TRACE = /\n\s+at \S/;
