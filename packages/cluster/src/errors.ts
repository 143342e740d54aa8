/**
 * Errors of the cluster: values with a stable `kind`, returned as Results by the public
 * functions (`connectCluster`, `runStudyOnCluster`, `runWorker`).
 */
import type { ErrorKindSubset } from "@cobre/core";

export type ClusterErrorKind = ErrorKindSubset<
  /** The server could not be reached (wrong host or port, server down). */
  | "ConnectionFailed"
  /** The server refused the credentials (or none were given to a server that requires them). */
  | "AuthenticationFailed"
  /** No worker answered within the wait: nothing would ever solve the LPs. */
  | "NoWorkers"
  /** The server has no JetStream, which carries the case to the workers. */
  | "JetStreamUnavailable"
  /** The case a worker downloaded does not match its hash. */
  | "CaseTransferFailed"
  /** A task was re-sent as many times as allowed without an answer. */
  | "TaskAbandoned"
  /** The cluster URL or options are malformed. */
  | "InvalidClusterOptions"
>;

export interface ClusterError {
  readonly kind: ClusterErrorKind;
  readonly message: string;
  readonly context: Readonly<Record<string, string | number | boolean | null>>;
  readonly suggestion?: string;
}

/** Thrown inside a run (through the engine's executor) and turned back into a value at the API. */
export class ClusterFailure extends Error {
  constructor(readonly error: ClusterError) {
    super(error.message);
  }
}

export function clusterError(
  kind: ClusterErrorKind,
  message: string,
  context: ClusterError["context"] = {},
  suggestion?: string,
): ClusterError {
  return { kind, message, context, ...(suggestion === undefined ? {} : { suggestion }) };
}
