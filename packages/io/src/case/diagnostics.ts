/** Collects validation records while the layers run. */
import type { ValidationContext, ValidationKind, ValidationRecord } from "../errors";

export class Diagnostics {
  readonly errors: ValidationRecord[] = [];
  readonly warnings: ValidationRecord[] = [];

  /** Records an error. */
  error(kind: ValidationKind, message: string, context: ValidationContext, suggestion?: string): void {
    this.errors.push(suggestion === undefined ? { kind, message, context } : { kind, message, context, suggestion });
  }

  /** Records a warning (does not make the case invalid). */
  warn(kind: ValidationKind, message: string, context: ValidationContext, suggestion?: string): void {
    this.warnings.push(suggestion === undefined ? { kind, message, context } : { kind, message, context, suggestion });
  }

  get errorCount(): number {
    return this.errors.length;
  }
}
