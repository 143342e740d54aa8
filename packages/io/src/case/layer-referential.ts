import type { Diagnostics } from "./diagnostics";
import type { RawCase } from "./raw-case";

export function checkReferences(_raw: RawCase, _diag: Diagnostics): void {}
