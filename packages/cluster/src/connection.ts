/**
 * Connecting to the NATS server: credentials from the URL (`nats://user:pass@host:port`,
 * `nats://token@host:port`), from options (a flag) or from the environment
 * (`COBRE_NATS_USER`/`COBRE_NATS_PASSWORD`, `COBRE_NATS_TOKEN`, `COBRE_NATS_NKEY_SEED`),
 * in that order of precedence: options, then URL, then environment.
 */
import { type Result, err, ok } from "@cobre/core";
import { type NatsConnection, nkeyAuthenticator } from "@nats-io/nats-core";
import { connect } from "@nats-io/transport-node";
import { type ClusterError, clusterError } from "./errors";

/** Where the cluster is and how to authenticate (the API's `{ cluster: { url, ... } }`). */
export interface ClusterOptions {
  /** `nats://[user:pass@|token@]HOST:PORT`. */
  readonly url: string;
  readonly user?: string;
  readonly password?: string;
  readonly token?: string;
  /** An nkey seed (`SU...`), for servers configured with nkeys. */
  readonly nkeySeed?: string;
  /** Subject prefix, to share a server between unrelated clusters (default `cobre`). */
  readonly prefix?: string;
  /** How long a run waits for a first worker before failing with `NoWorkers` (default 30 s). */
  readonly workerWaitMs?: number;
  /**
   * A task without any message (heartbeat or result) for this long is re-sent to the
   * other workers (default 10 s; workers send a heartbeat every second).
   */
  readonly stallMs?: number;
  /** How many times one task is sent before the run fails (default 5). */
  readonly maxAttempts?: number;
  /** What the coordinator sees happen to tasks (taken by a worker, re-sent), for logs. */
  readonly onEvent?: (event: ClusterEvent) => void;
}

/** A task's life on the coordinator's side. */
export type ClusterEvent =
  | { readonly type: "taken"; readonly session: string; readonly task: number; readonly worker: string }
  | { readonly type: "resent"; readonly session: string; readonly task: number; readonly attempt: number }
  | { readonly type: "answered"; readonly session: string; readonly task: number; readonly worker: string };

interface Credentials {
  readonly server: string;
  readonly user?: string;
  readonly pass?: string;
  readonly token?: string;
  readonly nkeySeed?: string;
}

/** Splits the URL into a server address without credentials and the credentials. */
export function credentialsOf(
  options: ClusterOptions,
  env: NodeJS.ProcessEnv = process.env,
): Result<Credentials, ClusterError> {
  let url: URL;
  try {
    url = new URL(options.url);
  } catch {
    return err(
      clusterError(
        "InvalidClusterOptions",
        `'${options.url}' is not a URL`,
        { url: options.url },
        "Use nats://HOST:PORT.",
      ),
    );
  }
  if (url.protocol !== "nats:" && url.protocol !== "tls:") {
    return err(
      clusterError(
        "InvalidClusterOptions",
        `cluster URL must start with nats:// (got ${url.protocol}//)`,
        { url: url.host },
        "Use nats://HOST:PORT.",
      ),
    );
  }
  const urlUser = url.username === "" ? undefined : decodeURIComponent(url.username);
  const urlPass = url.password === "" ? undefined : decodeURIComponent(url.password);
  const server = `${url.protocol}//${url.hostname}${url.port === "" ? "" : `:${url.port}`}`;
  const user = options.user ?? (urlPass !== undefined ? urlUser : undefined) ?? env.COBRE_NATS_USER;
  const pass = options.password ?? urlPass ?? env.COBRE_NATS_PASSWORD;
  const token = options.token ?? (urlPass === undefined ? urlUser : undefined) ?? env.COBRE_NATS_TOKEN;
  const nkeySeed = options.nkeySeed ?? env.COBRE_NATS_NKEY_SEED;
  return ok({
    server,
    ...(user === undefined ? {} : { user }),
    ...(pass === undefined ? {} : { pass }),
    ...(token === undefined || user !== undefined ? {} : { token }),
    ...(nkeySeed === undefined ? {} : { nkeySeed }),
  });
}

/**
 * Connects with the credentials of `options`; a refused login or an unreachable server
 * is a typed error, never a hang (the first connection is tried for `timeoutMs`).
 */
export async function connectCluster(
  options: ClusterOptions,
  name: string,
  timeoutMs = 5000,
  /** Reconnections tried after a lost connection (−1: forever, as a worker does). */
  maxReconnectAttempts = 10,
): Promise<Result<NatsConnection, ClusterError>> {
  const creds = credentialsOf(options);
  if (!creds.ok) return creds;
  const c = creds.value;
  try {
    const nc = await connect({
      servers: c.server,
      name,
      timeout: timeoutMs,
      ...(c.user === undefined ? {} : { user: c.user }),
      ...(c.pass === undefined ? {} : { pass: c.pass }),
      ...(c.token === undefined ? {} : { token: c.token }),
      ...(c.nkeySeed === undefined ? {} : { authenticator: nkeyAuthenticator(new TextEncoder().encode(c.nkeySeed)) }),
      maxReconnectAttempts,
      reconnectTimeWait: 500,
    });
    return ok(nc);
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    const causeMessage = e instanceof Error && e.cause instanceof Error ? e.cause.message : "";
    if (
      /authoriz|authenticat|user|password|token|nkey/i.test(
        `${e instanceof Error ? e.name : ""} ${message} ${causeMessage}`,
      )
    ) {
      return err(
        clusterError(
          "AuthenticationFailed",
          `the NATS server at ${c.server} refused the credentials (${message})`,
          { server: c.server, user: c.user ?? null },
          "Check the user and password (or token / nkey seed) in the URL, the flags or COBRE_NATS_* variables.",
        ),
      );
    }
    return err(
      clusterError(
        "ConnectionFailed",
        `cannot connect to the NATS server at ${c.server}: ${message}`,
        { server: c.server },
        "Check that nats-server runs there and that the host and port are right.",
      ),
    );
  }
}
