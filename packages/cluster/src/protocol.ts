/**
 * Subjects and headers of the cluster protocol. Every message names its session (one
 * executor of one run: `<runId>-<n>`) in the `Cobre-Run` header, and every per-session
 * subject contains it, so two runs sharing a server never see each other's messages.
 *
 * - `<prefix>.tasks` (queue group `cobre-workers`): task requests; the reply subject is
 *   the coordinator's `<prefix>.run.<session>.reply.<task>.<attempt>`, which receives
 *   heartbeats, then the result (chunked).
 * - `<prefix>.run.<session>.fetch`: served by the coordinator; workers pull the session
 *   descriptor, state deltas by version and large task payloads (chunked replies).
 * - `<prefix>.run.<session>.end`: the coordinator closed the session.
 * - `<prefix>.workers.hb`: each worker's presence (id, threads, free slots) every second.
 */

/** Bumped when messages change shape; coordinator and workers must agree. */
export const PROTOCOL_VERSION = 1;

export const QUEUE_GROUP = "cobre-workers";

/** Workers announce themselves, and every task they hold, this often. */
export const HEARTBEAT_MS = 1000;

export const Header = {
  run: "Cobre-Run",
  task: "Cobre-Task",
  attempt: "Cobre-Attempt",
  version: "Cobre-Version",
  kind: "Cobre-Kind",
  part: "Cobre-Part",
  blob: "Cobre-Blob",
  worker: "Cobre-Worker",
} as const;

/* A message on a reply subject is a "heartbeat", a "result", an "error" or "stale" (Cobre-Kind). */

export interface Subjects {
  readonly tasks: string;
  readonly heartbeat: string;
  fetch(session: string): string;
  end(session: string): string;
  reply(session: string, task: number, attempt: number): string;
  replies(session: string): string;
  inbox(worker: string): string;
}

export function subjects(prefix: string): Subjects {
  return {
    tasks: `${prefix}.tasks`,
    heartbeat: `${prefix}.workers.hb`,
    fetch: (s) => `${prefix}.run.${s}.fetch`,
    end: (s) => `${prefix}.run.${s}.end`,
    reply: (s, t, a) => `${prefix}.run.${s}.reply.${t}.${a}`,
    replies: (s) => `${prefix}.run.${s}.reply.>`,
    inbox: (w) => `${prefix}.worker.${w}`,
  };
}

/** What the coordinator tells a worker about a session (pulled with `fetch`). */
export interface SessionDescriptor {
  readonly protocol: number;
  readonly session: string;
  /** SHA-256 (hex) of the serialized case: its key in the object store. */
  readonly caseHash: string;
  readonly bucket: string;
  /** The training state's shape (see state-sync.ts). */
  readonly layout: unknown;
}

/** A worker's presence, published every second. */
export interface WorkerHeartbeat {
  readonly id: string;
  readonly threads: number;
  readonly free: number;
}

/** Requests to the coordinator's fetch subject. */
export type FetchRequest =
  | { readonly what: "session" }
  | { readonly what: "sync"; readonly from: number; readonly to: number }
  | { readonly what: "blob"; readonly id: number };
