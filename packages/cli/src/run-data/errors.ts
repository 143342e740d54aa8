/**
 * Reading a finished run's outputs fails in two families, both values from @cobre/io:
 * `OutputError` (manifests, metadata, Parquet) and `PolicyError` (the checkpoint). This
 * file turns them into envelope records, and tells "absent" from "broken": an optional
 * file that is absent is reported as `null` with a warning, a file that is present but
 * unreadable is always an error (exit code 2).
 */
import type { OutputError, PolicyError } from "@cobre/io";
import { describeOutputError } from "@cobre/io";
import type { EnvelopeRecord } from "../envelope";

/** Either family, tagged so callers can still switch on `kind` of the right union. */
export type ReadError =
  | { readonly family: "output"; readonly error: OutputError }
  | { readonly family: "policy"; readonly error: PolicyError };

const SUGGESTION =
  "Check that OUTPUT_DIR is the directory written by `cobre run` (default <CASE_DIR>/output) and that the run finished.";

/** The file an error is about, when it names one. */
function pathOf(e: ReadError): string | undefined {
  if (e.family === "policy") return e.error.path;
  switch (e.error.kind) {
    case "IoError":
      return e.error.path;
    case "SchemaError":
      return e.error.file;
    default:
      return undefined;
  }
}

/** True when the error only says the file does not exist. */
export function isAbsent(e: ReadError): boolean {
  // A missing cut file under an existing policy/metadata.json is damage, not absence.
  if (e.family === "policy") return e.error.kind === "MissingFile" && (e.error.path?.endsWith("metadata.json") ?? true);
  return e.error.kind === "IoError" && e.error.code === "ENOENT";
}

/** The envelope record of a read failure: the library's `kind`, its message and the path. */
export function toRecord(e: ReadError): EnvelopeRecord {
  const path = pathOf(e);
  const message = e.family === "output" ? describeOutputError(e.error) : e.error.message;
  const code = e.family === "output" && e.error.kind === "IoError" ? e.error.code : null;
  return {
    kind: e.error.kind,
    message,
    context: { family: e.family, ...(path === undefined ? {} : { path }), ...(code === null ? {} : { code }) },
    suggestion: SUGGESTION,
  };
}

/** A warning for an optional file that is absent. */
export function absentWarning(what: string, path: string): EnvelopeRecord {
  return { kind: "MissingOptionalOutput", message: `${what} not found; reported as null`, context: { path } };
}
