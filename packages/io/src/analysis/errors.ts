/**
 * The one error shape of the analysis helpers, the MCP tools and `cobre compare`: the
 * fields of the CLI envelope's error records, so every front end can pass it through.
 */
import type { ErrorKindSubset } from "@cobre/core";

/** Kinds an analysis can fail with; `IncompatibleRuns` is the seed's §5.3 refusal. */
export type AnalysisErrorKind = ErrorKindSubset<
  | "MissingFile"
  | "InvalidMetadata"
  | "IoError"
  | "IncompatibleRuns"
  | "PathNotAllowed"
  | "InvalidArguments"
  | "UnknownRun"
  | "RunFailed"
  | "InvalidCase"
>;

export interface AnalysisError {
  readonly kind: AnalysisErrorKind;
  readonly message: string;
  readonly context: Readonly<Record<string, unknown>>;
  readonly suggestion?: string;
}

/** Builds an `AnalysisError`, leaving `suggestion` out when there is none. */
export function analysisError(
  kind: AnalysisErrorKind,
  message: string,
  context: Readonly<Record<string, unknown>> = {},
  suggestion?: string,
): AnalysisError {
  return suggestion === undefined ? { kind, message, context } : { kind, message, context, suggestion };
}
