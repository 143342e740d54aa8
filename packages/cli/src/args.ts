/**
 * Argument parsing with node:util `parseArgs`: one table of options per command, so
 * unknown flags are rejected with a clear message instead of being ignored.
 */
import { type ParseArgsConfig, parseArgs } from "node:util";
import type { OutputFormat } from "./output";

export interface ParsedCommand {
  readonly command: string;
  readonly positionals: readonly string[];
  readonly values: Readonly<Record<string, string | boolean | undefined>>;
  readonly format: OutputFormat;
}

const COMMON = {
  "output-format": { type: "string" },
  help: { type: "boolean", short: "h" },
} as const;

/** Where the cluster is and how to log in (`cobre run --cluster`, `cobre worker`). */
const CLUSTER = {
  cluster: { type: "string" },
  user: { type: "string" },
  password: { type: "string" },
  token: { type: "string" },
} as const;

/** The options of each command (the parser rejects any other flag). */
export const OPTIONS = {
  run: {
    ...COMMON,
    output: { type: "string", short: "o" },
    threads: { type: "string", short: "t" },
    quiet: { type: "boolean", short: "q" },
    ...CLUSTER,
    "cluster-wait": { type: "string" },
  },
  worker: { ...COMMON, ...CLUSTER, threads: { type: "string", short: "t" } },
  validate: { ...COMMON },
  version: { ...COMMON },
  report: { ...COMMON, section: { type: "string", short: "s" }, plot: { type: "string" }, out: { type: "string" } },
  summary: { ...COMMON },
  init: { ...COMMON, template: { type: "string" }, list: { type: "boolean" }, force: { type: "boolean", short: "f" } },
  schema: { ...COMMON, "output-dir": { type: "string" } },
  compare: { ...COMMON, force: { type: "boolean" }, tolerance: { type: "string" } },
} as const;

export type CommandName = keyof typeof OPTIONS;

export function isCommand(name: string): name is CommandName {
  return Object.hasOwn(OPTIONS, name);
}

export class UsageError extends Error {
  readonly kind = "InvalidArguments" as const;
}

export function parseCommand(argv: readonly string[]): ParsedCommand {
  const [command, ...rest] = argv;
  if (command === undefined || command === "--help" || command === "-h" || command === "help") {
    // `cobre help <command>` is `cobre <command> --help`.
    const topic = command === "help" ? rest[0] : undefined;
    if (topic !== undefined && !isCommand(topic)) throw new UsageError(`unknown command '${topic}'`);
    return { command: "help", positionals: topic === undefined ? [] : [topic], values: {}, format: "human" };
  }
  if (command === "--version" || command === "-V")
    return { command: "version", positionals: [], values: {}, format: "human" };
  if (!isCommand(command)) throw new UsageError(`unknown command '${command}'`);
  let parsed: { values: Record<string, unknown>; positionals: string[] };
  try {
    const options: ParseArgsConfig["options"] = OPTIONS[command];
    parsed = parseArgs({ args: [...rest], options, allowPositionals: true, strict: true });
  } catch (e) {
    throw new UsageError(e instanceof Error ? e.message : String(e));
  }
  const format = parsed.values["output-format"] ?? "human";
  // json-lines streams events while a run progresses, so only `run` offers it.
  if (format === "json-lines" && command !== "run")
    throw new UsageError(`--output-format json-lines is only for cobre run; use human or json`);
  if (format !== "human" && format !== "json" && format !== "json-lines") {
    throw new UsageError(`--output-format must be human, json or json-lines, got '${String(format)}'`);
  }
  return {
    command,
    positionals: parsed.positionals,
    values: parsed.values as Record<string, string | boolean | undefined>,
    format,
  };
}

export const USAGE = `cobre — SDDP for hydrothermal dispatch

Usage: cobre [--color auto|always|never] <COMMAND> [OPTIONS]

  cobre run <CASE_DIR> [--output DIR] [--threads N] [--quiet] [--output-format human|json|json-lines]
  cobre run <CASE_DIR> --cluster nats://[USER:PASS@]HOST:PORT [--cluster-wait SECONDS]   (tasks run on \`cobre worker\`s)
  cobre worker --cluster nats://[USER:PASS@]HOST:PORT [--threads N]   (runs until stopped)
  cobre validate <CASE_DIR> [--output-format human|json]
  cobre version [--output-format human|json]
  cobre report <OUTPUT_DIR> [--section convergence|simulation|metadata|policy|all] [--output-format human|json]
  cobre report <OUTPUT_DIR> --plot convergence|costs|storage --out FILE.svg
  cobre summary <OUTPUT_DIR> [--output-format human|json]
  cobre init [--template NAME] [--force] <DIR>   |   cobre init --list
  cobre schema export [DIR] [--output-format human|json]
  cobre compare <OUTPUT_A> <OUTPUT_B> [--force] [--tolerance REL] [--output-format human|json]

Global option: --color auto|always|never (default auto; COBRE_COLOR, FORCE_COLOR, NO_COLOR).
cobre <COMMAND> --help (or cobre help <COMMAND>) prints a command's flags, defaults and an example.
Cluster credentials: in the URL, with --user/--password or --token, or from COBRE_NATS_USER,
COBRE_NATS_PASSWORD, COBRE_NATS_TOKEN, COBRE_NATS_NKEY_SEED.
Exit codes: 0 success, 1 validation/arguments, 2 I/O (and cluster: connection, credentials, no workers),
3 solver, 4 internal (or a worker died), 130 interrupted (SIGINT), 143 terminated (SIGTERM).
`;
