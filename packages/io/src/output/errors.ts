/**
 * `OutputError`: every expected failure of output writing, as a value. Writers return
 * `Result<T, OutputError>`; nothing here is thrown for I/O failures.
 */
import type { ErrorKindSubset } from "@cobre/core";

/** A filesystem operation failed (create dir, write, fsync, rename, read back). */
export interface OutputIoError {
  readonly kind: ErrorKindSubset<"IoError">;
  /** The path the failing operation was applied to. */
  readonly path: string;
  /** Node's error code when there is one (ENOTDIR, EACCES, ENOSPC, ...). */
  readonly code: string | null;
  readonly message: string;
  readonly cause: unknown;
}

/** Arrow or Parquet encoding failed for an output file. */
export interface OutputSerializationError {
  readonly kind: ErrorKindSubset<"SerializationError">;
  /** The output family (`hydros`, `convergence`, ...). */
  readonly entity: string;
  readonly message: string;
}

/** Data did not match the declared schema (missing column, wrong length, wrong type). */
export interface OutputSchemaError {
  readonly kind: ErrorKindSubset<"SchemaError">;
  readonly file: string;
  readonly column: string;
  readonly message: string;
}

/** A manifest could not be built, serialized, parsed or checksummed. */
export interface OutputManifestError {
  readonly kind: ErrorKindSubset<"ManifestError">;
  readonly manifestType: "simulation" | "training" | "metadata";
  readonly message: string;
}

export type OutputError = OutputIoError | OutputSerializationError | OutputSchemaError | OutputManifestError;

function messageOf(cause: unknown): string {
  return cause instanceof Error ? cause.message : String(cause);
}

/** Builds an `IoError` from a caught filesystem exception. */
export function ioError(path: string, cause: unknown): OutputIoError {
  const code =
    typeof cause === "object" && cause !== null && "code" in cause && typeof cause.code === "string"
      ? cause.code
      : null;
  return { kind: "IoError", path, code, message: `I/O error at ${path}: ${messageOf(cause)}`, cause };
}

export function serializationError(entity: string, cause: unknown): OutputSerializationError {
  return { kind: "SerializationError", entity, message: messageOf(cause) };
}

export function schemaError(file: string, column: string, message: string): OutputSchemaError {
  return { kind: "SchemaError", file, column, message };
}

export function manifestError(manifestType: OutputManifestError["manifestType"], message: string): OutputManifestError {
  return { kind: "ManifestError", manifestType, message };
}

/** One line describing an error, for logs and CLI messages. */
export function describeOutputError(e: OutputError): string {
  switch (e.kind) {
    case "IoError":
      return e.message;
    case "SerializationError":
      return `serialization error for ${e.entity}: ${e.message}`;
    case "SchemaError":
      return `schema error in ${e.file}: column ${e.column}: ${e.message}`;
    case "ManifestError":
      return `manifest error for ${e.manifestType}: ${e.message}`;
  }
}
