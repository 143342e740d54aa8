/**
 * `cobre schema export [DIR]`: writes `<name>.schema.json` for every JSON input file of a
 * case into DIR (default: the current directory; created if absent; existing schemas
 * overwritten). The schemas come from the same zod definitions that validate cases.
 */
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { UsageError } from "../args";
import { envelope } from "../envelope";
import { ExitCode } from "../exit-codes";
import { INPUT_FILES, jsonSchemaOf } from "../input-schemas";
import { type OutputFormat, printJson, style } from "../output";

export async function schemaCommand(
  positionals: readonly string[],
  outputDir: string | undefined,
  format: OutputFormat,
): Promise<number> {
  const [sub, dirArg, ...extra] = positionals;
  if (sub !== "export")
    throw new UsageError(
      sub === undefined ? "schema needs a subcommand: export" : `unknown schema subcommand '${sub}' (expected export)`,
    );
  if (extra.length > 0) throw new UsageError(`unexpected argument '${extra[0]}'`);
  if (dirArg !== undefined && outputDir !== undefined)
    throw new UsageError("give the directory either as DIR or with --output-dir, not both");
  const dir = dirArg ?? outputDir ?? ".";
  const files: string[] = [];
  try {
    await mkdir(dir, { recursive: true });
    for (const f of INPUT_FILES) {
      const name = `${f.name}.schema.json`;
      await writeFile(path.join(dir, name), `${JSON.stringify(jsonSchemaOf(f), null, 2)}\n`, "utf8");
      files.push(name);
    }
  } catch (e) {
    const message = `cannot write schemas to ${dir}: ${e instanceof Error ? e.message : String(e)}`;
    if (format === "json")
      printJson(envelope("schema", ExitCode.Io, null, [{ kind: "IoError", message, context: { path: dir } }]));
    else process.stderr.write(`${style.red("error")} [IoError] ${message}\n`);
    return ExitCode.Io;
  }
  const data = { directory: path.resolve(dir), files };
  if (format === "json") printJson(envelope("schema", ExitCode.Success, data));
  else process.stdout.write(`${style.green("✓")} wrote ${files.length} JSON Schemas to ${dir}\n`);
  return ExitCode.Success;
}
