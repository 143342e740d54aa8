/**
 * Runs the `cobre` CLI from sources in a child process (as a user would run the bin), for
 * end-to-end tests of exit codes, stdout and stderr.
 */
import { spawnSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
export const repoRoot = path.resolve(here, "../../../..");
const cli = path.resolve(here, "../../src/cli.ts");

/** A parsed JSON envelope: tests check it field by field, so its shape is left open. */
// biome-ignore lint/suspicious/noExplicitAny: envelope contents are asserted, not typed, in tests
export type JsonObject = Record<string, any>;

export interface CliResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export function cobre(...args: string[]): CliResult {
  const r = spawnSync(process.execPath, ["--conditions=@cobre/source", "--import", "tsx", cli, ...args], {
    encoding: "utf8",
    cwd: repoRoot,
    env: { ...process.env, NO_COLOR: "1" },
    timeout: 120_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Runs with `--output-format json` and parses the envelope. */
export function cobreJson(...args: string[]): CliResult & { readonly envelope: JsonObject } {
  const r = cobre(...args, "--output-format", "json");
  return { ...r, envelope: JSON.parse(r.stdout) as JsonObject };
}
