/**
 * Help per command (`cobre <command> --help`, `cobre help <command>`): what it does, its
 * arguments, every flag with its default, and an example. The flags listed here are those
 * of the parser's option tables (args.ts); `help.test.ts` checks that the two agree.
 */
import { DEFAULT_TOLERANCE } from "@cobre/io";
import type { CommandName } from "./args";

interface OptionHelp {
  readonly flag: string;
  readonly default: string;
  readonly meaning: string;
}

interface CommandHelp {
  readonly synopsis: string;
  readonly about: string;
  readonly options: readonly OptionHelp[];
  readonly examples: readonly string[];
}

const FORMAT = (formats: string): OptionHelp => ({
  flag: `--output-format ${formats}`,
  default: "human",
  meaning: "human text, or one JSON envelope on stdout",
});
const HELP: OptionHelp = { flag: "--help, -h", default: "—", meaning: "print this help" };
/** Where the cluster is and how to log in (`run --cluster`, `worker`). */
const CLUSTER: readonly OptionHelp[] = [
  { flag: "--cluster nats://[USER:PASS@]HOST:PORT", default: "none (local)", meaning: "NATS server of the cluster" },
  { flag: "--user USER", default: "from the URL, else COBRE_NATS_USER", meaning: "cluster user" },
  { flag: "--password PASS", default: "from the URL, else COBRE_NATS_PASSWORD", meaning: "cluster password" },
  { flag: "--token TOKEN", default: "from the URL, else COBRE_NATS_TOKEN", meaning: "cluster token" },
];

/** The help of each command. */
export const COMMAND_HELP: Readonly<Record<CommandName, CommandHelp>> = {
  run: {
    synopsis: "cobre run <CASE_DIR> [OPTIONS]",
    about: "Load and validate the case, train the policy, simulate it (simulation.enabled) and write the outputs.",
    options: [
      { flag: "--output DIR, -o", default: "<CASE_DIR>/output", meaning: "output directory" },
      { flag: "--threads N, -t", default: "COBRE_THREADS, else min(CPUs, 8)", meaning: "worker threads solving LPs" },
      { flag: "--quiet, -q", default: "off", meaning: "print nothing but errors" },
      ...CLUSTER,
      { flag: "--cluster-wait SECONDS", default: "30", meaning: "how long to wait for a worker before NoWorkers" },
      FORMAT("human|json|json-lines"),
      HELP,
    ],
    examples: [
      "cobre run my_study",
      "cobre run my_study --output results/run_001 --threads 4",
      "cobre run my_study --cluster nats://cobre:secret@10.0.0.5:4222",
    ],
  },
  worker: {
    synopsis: "cobre worker --cluster nats://[USER:PASS@]HOST:PORT [OPTIONS]",
    about:
      "Join a cluster and solve the tasks of `cobre run --cluster` runs on the same NATS server until Ctrl-C or SIGTERM (docs/cluster.md).",
    options: [
      { flag: "--threads N, -t", default: "min(CPUs, 8)", meaning: "tasks solved at once, one thread each" },
      ...CLUSTER,
      FORMAT("human|json"),
      HELP,
    ],
    examples: ["cobre worker --cluster nats://cobre:secret@10.0.0.5:4222 --threads 16"],
  },
  validate: {
    synopsis: "cobre validate <CASE_DIR> [OPTIONS]",
    about: "Run the five validation layers and report every error and warning.",
    options: [FORMAT("human|json"), HELP],
    examples: ["cobre validate my_study && cobre run my_study"],
  },
  version: {
    synopsis: "cobre version [OPTIONS]",
    about: "Print the versions of Cobre-TS, HiGHS and Node.js.",
    options: [FORMAT("human|json"), HELP],
    examples: ["cobre version"],
  },
  report: {
    synopsis: "cobre report <OUTPUT_DIR> [OPTIONS]",
    about: "Show what a finished run wrote (manifests, metadata, convergence, policy), or draw a chart of it.",
    options: [
      {
        flag: "--section S, -s",
        default: "all",
        meaning: "convergence, simulation, metadata, policy or all",
      },
      { flag: "--plot KIND", default: "—", meaning: "draw convergence, costs or storage as SVG instead" },
      { flag: "--out FILE.svg", default: "—", meaning: "where the chart goes (required with --plot)" },
      FORMAT("human|json"),
      HELP,
    ],
    examples: [
      "cobre report my_study/output --output-format json | jq '.data.training.convergence.final_gap_percent'",
      "cobre report my_study/output --plot convergence --out convergence.svg",
    ],
  },
  summary: {
    synopsis: "cobre summary <OUTPUT_DIR> [OPTIONS]",
    about: "The post-run summary of a finished run: bounds, gap, cost statistics, timings.",
    options: [FORMAT("human|json"), HELP],
    examples: ["cobre summary my_study/output"],
  },
  init: {
    synopsis: "cobre init [--template NAME] [--force] <DIR>  |  cobre init --list",
    about: "Scaffold a case directory from a bundled template.",
    options: [
      { flag: "--template NAME", default: "hydro-tiny", meaning: "template to copy (see --list)" },
      { flag: "--list", default: "off", meaning: "list the templates and exit" },
      { flag: "--force, -f", default: "off", meaning: "overwrite the template's files in a non-empty DIR" },
      FORMAT("human|json"),
      HELP,
    ],
    examples: ["cobre init --list", "cobre init --template 1dtoy my_study"],
  },
  schema: {
    synopsis: "cobre schema export [DIR] [OPTIONS]",
    about: "Write the JSON Schemas of every JSON input file of a case.",
    options: [
      { flag: "--output-dir DIR", default: ".", meaning: "where the schemas go (same as DIR)" },
      FORMAT("human|json"),
      HELP,
    ],
    examples: ["cobre schema export schemas/"],
  },
  compare: {
    synopsis: "cobre compare <OUTPUT_A> <OUTPUT_B> [OPTIONS]",
    about: "Compare two runs: inputs, policy and convergence hashes, bounds, simulation costs.",
    options: [
      {
        flag: "--tolerance REL",
        default: DEFAULT_TOLERANCE.toExponential(),
        meaning: "relative tolerance for 'equivalent'",
      },
      { flag: "--force", default: "off", meaning: "compare runs of different inputs" },
      FORMAT("human|json"),
      HELP,
    ],
    examples: ["cobre compare out/run_a out/run_b --tolerance 1e-6"],
  },
};

/** Global options, accepted before or after any command. */
const GLOBAL_OPTIONS: readonly OptionHelp[] = [
  {
    flag: "--color auto|always|never",
    default: "auto",
    meaning: "colour human output; under auto: COBRE_COLOR, then FORCE_COLOR, then NO_COLOR, then the terminal",
  },
];

function table(rows: readonly OptionHelp[]): string {
  const w = Math.max(...rows.map((r) => r.flag.length));
  return rows
    .map((r) => `  ${r.flag.padEnd(w)}  ${r.meaning}${r.default === "—" ? "" : ` [default: ${r.default}]`}\n`)
    .join("");
}

/** The text of `cobre <command> --help`. */
export function commandHelpText(command: CommandName): string {
  const h = COMMAND_HELP[command];
  return [
    `${h.about}\n\nUsage: ${h.synopsis}\n\nOptions:\n`,
    table(h.options),
    `\nGlobal options:\n${table(GLOBAL_OPTIONS)}`,
    `\nExample${h.examples.length > 1 ? "s" : ""}:\n${h.examples.map((e) => `  ${e}\n`).join("")}`,
  ].join("");
}
