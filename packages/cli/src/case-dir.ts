/**
 * A case directory that does not exist is an I/O failure (exit 2), as in the Rust tool's
 * exit-code table, not a validation failure: nothing was there to validate.
 */
import { stat } from "node:fs/promises";
import { type EnvelopeRecord, envelope } from "./envelope";
import { ExitCode } from "./exit-codes";
import { printEnvelope } from "./json-lines";
import { type OutputFormat, style } from "./output";

/** The IoError record of a missing or unreadable case directory, or null when it is a directory. */
async function missingCaseDir(dir: string): Promise<EnvelopeRecord | null> {
  try {
    if ((await stat(dir)).isDirectory()) return null;
    return {
      kind: "IoError",
      message: `case directory not found: ${dir} is not a directory`,
      context: { path: dir, code: "ENOTDIR" },
      suggestion: "Check the path.",
    };
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? "EIO";
    return {
      kind: "IoError",
      message: `case directory not found: ${dir}`,
      context: { path: dir, code },
      suggestion: "Check the path.",
    };
  }
}

/**
 * Checks that `dir` is a directory; otherwise reports an `IoError` the command's way and
 * returns exit code 2.
 */
export async function requireCaseDir(command: string, dir: string, format: OutputFormat): Promise<number | null> {
  const record = await missingCaseDir(dir);
  if (record === null) return null;
  if (format !== "human") printEnvelope(format, envelope(command, ExitCode.Io, null, [record]));
  else process.stderr.write(`${style.red("error")} [${record.kind}] ${record.message}\n  hint: ${record.suggestion}\n`);
  return ExitCode.Io;
}
