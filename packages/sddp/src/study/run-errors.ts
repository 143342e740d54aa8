/**
 * The errors of `runStudy()`: every failure of a run, whatever its origin (the engine,
 * the output writers, a policy on disk), as one registry record whose `source` decides
 * the CLI exit code. Engine failures arrive already mapped by `toSddpError`.
 */
import type { ErrorRecord } from "@cobre/core";
import type { OutputError, PolicyError } from "@cobre/io";
import { describeOutputError } from "@cobre/io";
import type { SddpError } from "../errors";
import type { CheckpointError } from "../training/training-checkpoint";
import type { PolicyIncompatible } from "./policy-source";

/** A failure of a run: where it came from decides the CLI exit code. */
export interface RunError extends ErrorRecord {
  readonly source: "solver" | "io" | "policy" | "internal" | "options";
}

export function fromSddp(e: SddpError): RunError {
  // A worker that died (killed, out of memory) is an environment failure, like a lost
  // MPI rank in Cobre: internal, not a problem with the case.
  const source =
    e.kind === "SolverFailure"
      ? "solver"
      : e.kind === "InternalPanic" || e.kind === "WorkerFailed"
        ? "internal"
        : "options";
  return {
    kind: e.kind,
    source,
    message: e.message,
    context: e.context,
    ...(e.suggestion === undefined ? {} : { suggestion: e.suggestion }),
  };
}

export function fromOutput(e: OutputError): RunError {
  return { kind: e.kind, source: "io", message: describeOutputError(e), context: { ...e } };
}

export function fromPolicy(e: PolicyError, suggestion?: string): RunError {
  return {
    kind: e.kind,
    source: "policy",
    message: e.message,
    context: { path: e.path ?? null },
    ...(suggestion === undefined ? {} : { suggestion }),
  };
}

/** A policy that does not fit the case is a validation failure (book: exit code 1). */
export function fromIncompatible(e: PolicyIncompatible): RunError {
  return {
    kind: e.kind,
    source: "options",
    message: e.message,
    context: { check: e.check, policy_value: e.policyValue, system_value: e.systemValue, path: e.path },
    suggestion:
      "Use the policy of a run of this case, set policy.mode to fresh, or set policy.validate_compatibility to false to skip the check.",
  };
}

/** A training checkpoint that could not be written or read back (CLI exit code 2). */
export function fromCheckpoint(e: CheckpointError): RunError {
  return { ...e, source: "policy" };
}
