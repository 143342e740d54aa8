/**
 * The error-kind registry: one name per failure, the seed's names (Structured Output
 * §2.3, listed again in the Python bindings spec §6.3) in their groups, and `CobreError`
 * carrying the structured fields.
 */
import { describe, expect, it } from "vitest";
import { CobreError, ERROR_KINDS, ERROR_KIND_GROUPS, type ErrorKind, isErrorKind } from "../src/index";

/** Python bindings spec §6.3, "Error Kind to Exception Mapping", in its order. */
const SPEC_VALIDATION = [
  "MissingFile",
  "ParseError",
  "SchemaViolation",
  "TypeMismatch",
  "OutOfRange",
  "InvalidEnum",
  "DuplicateId",
  "MissingReference",
  "CoverageMismatch",
  "StageMismatch",
  "IncompatibleSettings",
  "PhysicalConstraint",
  "CapacityViolation",
  "PenaltyConsistency",
];
const SPEC_RUNTIME = [
  "SolverFailure",
  "MpiError",
  "CheckpointFailed",
  "OutputCorrupted",
  "OutputNotFound",
  "IncompatibleRuns",
  "WorkerFailed",
];

describe("the error-kind registry", () => {
  it("names every kind once, across all groups", () => {
    const all = Object.values(ERROR_KIND_GROUPS).flat();
    expect(new Set(all).size).toBe(all.length);
    expect(ERROR_KINDS).toEqual(all);
    // A new kind is a deliberate change to the registry: update this count with it.
    expect(ERROR_KINDS.length).toBe(69);
  });

  it("keeps the seed's validation and runtime kinds, in the seed's order, and its panic kind", () => {
    expect([...ERROR_KIND_GROUPS.validation]).toEqual(SPEC_VALIDATION);
    expect([...ERROR_KIND_GROUPS.runtime]).toEqual(SPEC_RUNTIME);
    expect(ERROR_KIND_GROUPS.engine).toContain("InternalPanic");
  });

  it("has no second name for the LP failure or the checkpoint failure", () => {
    for (const old of ["SolverError", "CheckpointError"]) {
      expect(isErrorKind(old)).toBe(false);
    }
    expect(isErrorKind("SolverFailure")).toBe(true);
    expect(isErrorKind(42)).toBe(false);
  });
});

describe("CobreError", () => {
  it("carries kind, message, context and suggestion; cause when given", () => {
    const cause = new Error("inner");
    const kind: ErrorKind = "SolverFailure";
    const e = new CobreError({ kind, message: "m", context: { stage: 3 }, suggestion: "s", cause });
    expect(e).toBeInstanceOf(Error);
    expect(e).toMatchObject({ name: "CobreError", kind: "SolverFailure", message: "m", suggestion: "s" });
    expect(e.context).toEqual({ stage: 3 });
    expect(e.cause).toBe(cause);
    const bare = new CobreError({ kind: "Shutdown", message: "stop" });
    expect(bare.context).toEqual({});
    expect(bare.suggestion).toBeNull();
    expect("cause" in bare).toBe(false);
  });
});
