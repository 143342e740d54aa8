/**
 * The JSON envelope every command prints with `--output-format json`: one object on
 * stdout, logs on stderr.
 */
import type { ErrorKind } from "@cobre/core";
import { VERSION } from "./version";

/** An error or warning of the envelope: its `kind` is a name of the registry in @cobre/core. */
export interface EnvelopeRecord {
  readonly kind: ErrorKind;
  readonly message: string;
  readonly context?: Readonly<Record<string, unknown>>;
  readonly suggestion?: string;
}

export interface Envelope {
  readonly $schema: "urn:cobre:response:v1";
  readonly command: string;
  readonly success: boolean;
  readonly exit_code: number;
  readonly cobre_version: string;
  readonly errors: readonly EnvelopeRecord[];
  readonly warnings: readonly EnvelopeRecord[];
  readonly data: unknown;
  readonly summary: unknown;
}

export function envelope(
  command: string,
  exitCode: number,
  data: unknown,
  errors: readonly EnvelopeRecord[] = [],
  warnings: readonly EnvelopeRecord[] = [],
  summary: unknown = null,
): Envelope {
  return {
    $schema: "urn:cobre:response:v1",
    command,
    success: exitCode === 0,
    exit_code: exitCode,
    cobre_version: VERSION,
    errors,
    warnings,
    data,
    summary,
  };
}
