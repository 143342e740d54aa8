/**
 * Typed diagnostics of case loading. Every problem with the input is a value of these
 * types; nothing here is ever thrown.
 */
import { ERROR_KIND_GROUPS, type ErrorKindSubset } from "@cobre/core";

/**
 * The validation kinds: the registry's `validation` group (Structured Output §2.3.1) and
 * its warning-only `validationWarning` group, in that order. Defined in @cobre/core.
 */
export const VALIDATION_KINDS = [...ERROR_KIND_GROUPS.validation, ...ERROR_KIND_GROUPS.validationWarning] as const;

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
  readonly kind: ErrorKindSubset<"InvalidCase">;
  readonly message: string;
  readonly directory: string;
  readonly errors: readonly ValidationRecord[];
  readonly warnings: readonly ValidationRecord[];
}
