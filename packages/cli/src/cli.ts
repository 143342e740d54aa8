#!/usr/bin/env node
/**
 * The `cobre` command. Thin by design: it parses arguments, calls the libraries and maps
 * their typed errors to exit codes and to human or JSON output. Nothing escapes as a
 * stack trace: an unexpected failure becomes exit code 4 with a short message.
 */
import { toCobreError } from "@cobre/sddp";
import { USAGE, UsageError, isCommand, parseCommand } from "./args";
import { extractColorFlag, resolveColor } from "./color";
import { compareCommand } from "./commands/compare";
import { initCommand } from "./commands/init";
import { reportCommand } from "./commands/report";
import { runCommand } from "./commands/run";
import { schemaCommand } from "./commands/schema";
import { summaryCommand } from "./commands/summary";
import { validateCommand } from "./commands/validate";
import { versionCommand } from "./commands/version";
import { clusterFlags, workerCommand } from "./commands/worker";
import { envelope } from "./envelope";
import { ExitCode } from "./exit-codes";
import { printEnvelope } from "./json-lines";
import { commandHelpText } from "./help";
import { printJson, setColour } from "./output";

async function main(rawArgv: readonly string[]): Promise<number> {
  // The global --color is settled before anything is printed, errors included.
  const colour = extractColorFlag(rawArgv);
  const argv = "args" in colour ? colour.args : rawArgv;
  setColour(resolveColor("color" in colour ? colour.color : "auto", process.env, process.stdout.isTTY === true));
  let parsed: ReturnType<typeof parseCommand>;
  try {
    if ("error" in colour) throw new UsageError(colour.error);
    parsed = parseCommand(argv);
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    const wantsJson = argv.includes("json");
    if (argv.includes("json-lines"))
      printEnvelope(
        "json-lines",
        envelope(argv[0] ?? "", ExitCode.Validation, null, [{ kind: "InvalidArguments", message }]),
      );
    else if (wantsJson)
      printJson(
        envelope(argv[0] ?? "", ExitCode.Validation, null, [
          { kind: "InvalidArguments", message, suggestion: "Run `cobre --help`." },
        ]),
      );
    else process.stderr.write(`error: ${message}\n\n${USAGE}`);
    return ExitCode.Validation;
  }
  const { command, positionals, values, format } = parsed;
  if (command === "help" || values.help === true) {
    const topic = command === "help" ? positionals[0] : command;
    process.stdout.write(topic !== undefined && isCommand(topic) ? commandHelpText(topic) : USAGE);
    return ExitCode.Success;
  }
  const str = (v: string | boolean | undefined): string | undefined => (typeof v === "string" ? v : undefined);
  const needsDir = (what: string): string => {
    const dir = positionals[0];
    if (dir === undefined) throw new UsageError(`${command} needs ${what}`);
    return dir;
  };
  try {
    switch (command) {
      case "version":
        return await versionCommand(format);
      case "validate":
        return await validateCommand(needsDir("a case directory"), format);
      case "run":
        return await runCommand(needsDir("a case directory"), {
          format,
          quiet: values.quiet === true,
          output: typeof values.output === "string" ? values.output : undefined,
          threads: typeof values.threads === "string" ? values.threads : process.env.COBRE_THREADS,
          cluster: clusterFlags(values),
        });
      case "worker":
        return await workerCommand(clusterFlags(values), str(values.threads), format);
      case "report":
        return await reportCommand(needsDir("an output directory"), {
          format,
          section: str(values.section),
          plot: str(values.plot),
          out: str(values.out),
        });
      case "summary":
        return await summaryCommand(needsDir("an output directory"), format);
      case "init":
        return await initCommand(positionals[0], {
          format,
          template: str(values.template),
          list: values.list === true,
          force: values.force === true,
        });
      case "schema":
        return await schemaCommand(positionals, str(values["output-dir"]), format);
      case "compare":
        return await compareCommand(positionals, {
          format,
          force: values.force === true,
          tolerance: str(values.tolerance),
        });
      default:
        throw new UsageError(`unknown command '${command}'`);
    }
  } catch (e) {
    if (e instanceof UsageError) {
      if (format !== "human")
        printEnvelope(format, envelope(command, ExitCode.Validation, null, [{ kind: e.kind, message: e.message }]));
      else process.stderr.write(`error: ${e.message}\n\n${USAGE}`);
      return ExitCode.Validation;
    }
    // Anything else thrown is mapped where the engine maps its own failures (a bug becomes
    // an InternalPanic with its throw location), so the CLI and the library agree.
    const { kind, message, context, suggestion } = toCobreError(e);
    if (format !== "human")
      printEnvelope(
        format,
        envelope(command, ExitCode.Internal, null, [
          { kind, message, context, ...(suggestion === null ? {} : { suggestion }) },
        ]),
      );
    else process.stderr.write(`internal error: ${message}\n${suggestion ?? ""}\n`);
    return ExitCode.Internal;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`internal error: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = ExitCode.Internal;
  },
);
