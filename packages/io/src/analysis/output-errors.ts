/** Maps the `OutputError` values of @cobre/io readers to analysis errors. */
import { type OutputError, describeOutputError } from "../output/errors";
import { type AnalysisError, analysisError } from "./errors";

/** A reader failure: a missing file is `MissingFile` (the likely cause: not a finished run). */
export function fromOutputError(e: OutputError, outputDir: string): AnalysisError {
  if (e.kind === "IoError") {
    const missing = e.code === "ENOENT";
    return analysisError(
      missing ? "MissingFile" : "IoError",
      e.message,
      { path: e.path, output_dir: outputDir },
      missing ? "Check that the directory is the output of a finished `cobre run`." : undefined,
    );
  }
  return analysisError("IoError", describeOutputError(e), { output_dir: outputDir, reader_kind: e.kind });
}
