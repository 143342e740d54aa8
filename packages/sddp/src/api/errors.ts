/**
 * The error classes of the public API: `CobreError` (@cobre/core, carrying a kind of the
 * registry there) and its subclasses `ValidationError`, `SolverError`, `CobreIOError` and
 * `WorkerError`. Result-returning functions carry these as their error value; `unwrap`
 * throws them for callers who prefer exceptions.
 */
import { CobreError, type CobreErrorInit, type Result } from "@cobre/core";
import type { LoadError, OutputError, PolicyError, ValidationRecord } from "@cobre/io";
import { describeOutputError } from "@cobre/io";
import { PANIC_SUGGESTION, type SddpError, toSddpError } from "../errors";

/** Input validation failed. `kind`/`context` are those of the first record; `records` holds all. */
export class ValidationError extends CobreError {
  override name = "ValidationError";
  constructor(
    init: CobreErrorInit,
    readonly records: readonly ValidationRecord[],
    readonly warnings: readonly ValidationRecord[] = [],
  ) {
    super(init);
  }
}

/** An LP solve ended without an optimal solution (`SolverFailure`). */
export class SolverError extends CobreError {
  override name = "SolverError";
  constructor(
    init: CobreErrorInit,
    readonly stage: number | null,
    readonly iteration: number | null,
    readonly solverStatus: string | null,
  ) {
    super(init);
  }
}

/** Reading or writing outputs or policies failed (`OutputCorrupted`, `OutputNotFound`). */
export class CobreIOError extends CobreError {
  override name = "CobreIOError";
}

/** A worker thread failed (`WorkerFailed`): the first failure detected. */
export class WorkerError extends CobreError {
  override name = "WorkerError";
  constructor(
    init: CobreErrorInit,
    readonly rank: number,
    readonly exitCode: number | null,
    readonly inner: CobreError | null,
  ) {
    super(init);
  }
}

function num(v: unknown): number | null {
  return typeof v === "number" && Number.isFinite(v) ? v : null;
}

function withSuggestion(s: string | undefined): { suggestion?: string } {
  return s === undefined ? {} : { suggestion: s };
}

/** Maps an engine error (`train`, `simulate`, `prepareStudy`) to its class. */
export function fromSddpError(e: SddpError, cause?: unknown): CobreError {
  const base = {
    message: e.message,
    context: e.context,
    ...withSuggestion(e.suggestion),
    ...(cause === undefined ? {} : { cause }),
  };
  switch (e.kind) {
    case "SolverFailure":
      return new SolverError(
        { kind: "SolverFailure", ...base },
        num(e.context.stage),
        num(e.context.iteration),
        typeof e.context.status === "string" ? e.context.status : null,
      );
    case "WorkerFailed": {
      const innerMessage = e.context.inner;
      const inner =
        typeof innerMessage === "string" ? new CobreError({ kind: "InternalPanic", message: innerMessage }) : null;
      return new WorkerError(
        { kind: "WorkerFailed", ...base },
        num(e.context.rank) ?? 0,
        num(e.context.exitCode),
        inner,
      );
    }
    case "InvalidOptions": {
      const file = typeof e.context.file === "string" ? e.context.file : "config.json";
      const record: ValidationRecord = {
        kind: "IncompatibleSettings",
        message: e.message,
        context: { file },
        ...withSuggestion(e.suggestion),
      };
      return new ValidationError({ kind: "IncompatibleSettings", ...base }, [record]);
    }
    case "Shutdown":
      return new CobreError({ kind: "Shutdown", ...base });
    case "InternalPanic":
      return new CobreError({ kind: "InternalPanic", ...base, suggestion: e.suggestion ?? PANIC_SUGGESTION });
  }
}

/** Maps a `loadCase` failure to a `ValidationError` carrying every record. */
export function fromLoadError(e: LoadError): ValidationError {
  const first = e.errors[0];
  return new ValidationError(
    {
      kind: first?.kind ?? "SchemaViolation",
      message: e.message,
      context: { directory: e.directory, ...(first?.context ?? {}) },
      ...withSuggestion(first?.suggestion),
    },
    e.errors,
    e.warnings,
  );
}

/** Maps a policy read/write failure: missing files are `OutputNotFound`, the rest `OutputCorrupted`. */
export function fromPolicyError(e: PolicyError): CobreIOError {
  return new CobreIOError({
    kind: e.kind === "MissingFile" ? "OutputNotFound" : "OutputCorrupted",
    message: e.message,
    context: { path: e.path ?? null, policyErrorKind: e.kind },
  });
}

/** Maps an output writer/reader failure. */
export function fromOutputError(e: OutputError): CobreIOError {
  const missing = e.kind === "IoError" && e.code === "ENOENT";
  return new CobreIOError({
    kind: missing ? "OutputNotFound" : "OutputCorrupted",
    message: describeOutputError(e),
    context: { outputErrorKind: e.kind },
  });
}

/**
 * Any thrown value as a `CobreError`: Cobre errors pass through, everything else goes
 * through the engine's one mapping (`toSddpError`): an LP failure becomes a
 * `SolverError`, a dead worker a `WorkerError`, the rest an `InternalPanic`.
 */
export function toCobreError(e: unknown): CobreError {
  if (e instanceof CobreError) return e;
  return fromSddpError(toSddpError(e), e);
}

/**
 * The value of a Result, or throws its error (a `CobreError` subclass).
 *
 * @example
 * ```ts
 * const c = unwrap(await openCase("examples/hydro-tiny"));
 * const trained = unwrap(await trainCase(c, { numWorkers: 2 }));
 * ```
 */
export function unwrap<T>(result: Result<T, CobreError>): T {
  if (result.ok) return result.value;
  throw result.error;
}
