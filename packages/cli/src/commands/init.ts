/**
 * `cobre init [--template NAME] [--list] [--force] <DIR>`: scaffolds a case directory from
 * a template embedded in the package. A non-empty DIR is left alone unless --force is
 * given (then same-named files are overwritten and other files kept).
 */
import { readdir } from "node:fs/promises";
import path from "node:path";
import { UsageError } from "../args";
import { envelope } from "../envelope";
import { ExitCode } from "../exit-codes";
import { type OutputFormat, printJson, style } from "../output";
import { renderTable } from "../table";
import { copyTemplate, listTemplates, templateFiles, walk } from "../templates";
import type { EnvelopeRecord } from "../envelope";

const DEFAULT_TEMPLATE = "hydro-tiny";

export interface InitFlags {
  readonly format: OutputFormat;
  readonly template: string | undefined;
  readonly list: boolean;
  readonly force: boolean;
}

async function isNonEmptyDir(dir: string): Promise<boolean> {
  try {
    return (await readdir(dir)).length > 0;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return false;
    throw e;
  }
}

function ioFailure(what: string, dir: string, e: unknown, format: OutputFormat): number {
  const message = `${what}: ${e instanceof Error ? e.message : String(e)}`;
  if (format === "json")
    printJson(envelope("init", ExitCode.Io, null, [{ kind: "IoError", message, context: { path: dir } }]));
  else process.stderr.write(`${style.red("error")} [IoError] ${message}\n`);
  return ExitCode.Io;
}

function listCommand(format: OutputFormat): number {
  const templates = listTemplates();
  if (format === "json") printJson(envelope("init", ExitCode.Success, { templates }));
  else
    process.stdout.write(
      renderTable(
        ["template", "description"],
        templates.map((t) => [t.name, t.description]),
        { leftAligned: [0, 1] },
      ),
    );
  return ExitCode.Success;
}

export async function initCommand(dir: string | undefined, flags: InitFlags): Promise<number> {
  if (flags.list) return listCommand(flags.format);
  if (dir === undefined) throw new UsageError("init needs a target directory (or --list)");
  const name = flags.template ?? DEFAULT_TEMPLATE;
  const known = listTemplates().map((t) => t.name);
  if (!known.includes(name))
    throw new UsageError(`unknown template '${name}'; available: ${known.join(", ")} (see \`cobre init --list\`)`);
  let nonEmpty: boolean;
  try {
    nonEmpty = await isNonEmptyDir(dir);
  } catch (e) {
    return ioFailure(`cannot read ${dir}`, dir, e, flags.format);
  }
  if (nonEmpty && !flags.force) {
    const record = {
      kind: "DirectoryNotEmpty" as const,
      message: `${dir} is not empty; refusing to overwrite it`,
      context: { path: dir },
      suggestion: "Choose an empty or new directory, or pass --force to overwrite the template's files.",
    };
    if (flags.format === "json") printJson(envelope("init", ExitCode.Validation, null, [record]));
    else
      process.stderr.write(`${style.red("error")} [${record.kind}] ${record.message}\n  hint: ${record.suggestion}\n`);
    return ExitCode.Validation;
  }
  let files: string[];
  const warnings: EnvelopeRecord[] = [];
  try {
    if (nonEmpty) {
      // --force overwrites the template's files only; anything else stays, and a leftover
      // input file (say, AR coefficients of another template) would change the case.
      const ours = new Set(await templateFiles(name));
      const kept = (await walk(dir)).filter((f) => !ours.has(f));
      if (kept.length > 0) {
        warnings.push({
          kind: "ExistingFilesKept",
          message: `${kept.length} file(s) in ${dir} are not part of template '${name}' and were kept: ${kept.slice(0, 5).join(", ")}${kept.length > 5 ? ", ..." : ""}`,
          context: { path: dir, files: kept },
          suggestion: "Remove them if they are not meant to be part of the case, then run `cobre validate`.",
        });
      }
    }
    files = await copyTemplate(name, dir);
  } catch (e) {
    return ioFailure(`cannot write ${dir}`, dir, e, flags.format);
  }
  const data = { template: name, directory: path.resolve(dir), files };
  if (flags.format === "json") printJson(envelope("init", ExitCode.Success, data, [], warnings));
  else {
    for (const w of warnings) process.stderr.write(`${style.yellow("warning")} [${w.kind}] ${w.message}\n`);
    process.stdout.write(`${style.green("✓")} created ${dir} from template '${name}' (${files.length} files)\n`);
    process.stdout.write(`  next: cobre validate ${dir} && cobre run ${dir}\n`);
  }
  return ExitCode.Success;
}
