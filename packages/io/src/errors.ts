/**
 * Typed diagnostics of case loading. Every problem with the input is a value of these
 * types; nothing here is ever thrown.
 */

/** The validation error registry: each record carries exactly one of these kinds. */
export const VALIDATION_KINDS = [
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
  // Warning-only kinds: nothing is wrong, but the case relies on something the user should know.
  /** A documented default stood in for an absent field (e.g. no `tree_seed`: 42). */
  "DefaultApplied",
  /** A deprecated spelling was accepted and mapped to its replacement (e.g. `order_selection: "fixed"`). */
  "DeprecatedOption",
] as const;

export type ValidationKind = (typeof VALIDATION_KINDS)[number];

/** The five validation layers, in the order they run. */
export type ValidationLayer = "structural" | "schema" | "referential" | "dimensional" | "semantic";

/** Where a problem is: the file (relative to the case directory) and, when known, entity and field. */
export interface ValidationContext {
  readonly file: string;
  readonly entity_id?: number;
  /** Path of the field inside the file, e.g. `hydros[2].reservoir.max_storage_hm3`, or a column name. */
  readonly field?: string;
  readonly stage_id?: number;
  readonly row?: number;
  readonly [extra: string]: string | number | undefined;
}

export interface ValidationRecord {
  readonly kind: ValidationKind;
  readonly message: string;
  readonly context: ValidationContext;
  readonly suggestion?: string;
}

export interface ValidationReport {
  /** True when there are no errors (warnings are allowed). */
  readonly valid: boolean;
  readonly errors: readonly ValidationRecord[];
  readonly warnings: readonly ValidationRecord[];
  /** Layers that ran to completion, in order. */
  readonly layersCompleted: readonly ValidationLayer[];
}

/** Why `loadCase` failed: the case did not validate. */
export interface LoadError {
  readonly kind: "InvalidCase";
  readonly message: string;
  readonly directory: string;
  readonly errors: readonly ValidationRecord[];
  readonly warnings: readonly ValidationRecord[];
}
