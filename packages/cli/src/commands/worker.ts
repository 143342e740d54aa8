/**
 * `cobre worker --cluster nats://HOST:PORT [--threads N]`: a worker process of a cluster.
 * It runs until SIGINT or SIGTERM (exit 0), solving the tasks of any `cobre run
 * --cluster` on the same server. A refused login or an unreachable server is a clear
 * message and exit code 2, at once.
 */
import { availableParallelism } from "node:os";
import { type ClusterOptions, runWorker } from "@cobre/cluster";
import { UsageError } from "../args";
import { envelope } from "../envelope";
import { ExitCode } from "../exit-codes";
import { printEnvelope } from "../json-lines";
import type { OutputFormat } from "../output";

/** The cluster options of `--cluster` and its credential flags (undefined without `--cluster`). */
export function clusterFlags(
  values: Readonly<Record<string, string | boolean | undefined>>,
): ClusterOptions | undefined {
  const str = (k: string) => (typeof values[k] === "string" ? (values[k] as string) : undefined);
  const url = str("cluster");
  if (url === undefined) return undefined;
  const wait = str("cluster-wait");
  const seconds = wait === undefined ? undefined : Number(wait);
  if (seconds !== undefined && !(seconds > 0))
    throw new UsageError(`--cluster-wait must be a positive number of seconds, got '${wait}'`);
  const user = str("user");
  const password = str("password");
  const token = str("token");
  return {
    url,
    ...(user === undefined ? {} : { user }),
    ...(password === undefined ? {} : { password }),
    ...(token === undefined ? {} : { token }),
    ...(seconds === undefined ? {} : { workerWaitMs: seconds * 1000 }),
    ...(process.env.COBRE_CLUSTER_STALL_MS === undefined
      ? {}
      : { stallMs: Number(process.env.COBRE_CLUSTER_STALL_MS) }),
  };
}

export async function workerCommand(
  cluster: ClusterOptions | undefined,
  threadsFlag: string | undefined,
  format: OutputFormat,
): Promise<number> {
  if (cluster === undefined) throw new UsageError("worker needs --cluster nats://HOST:PORT");
  const threads = threadsFlag === undefined ? Math.max(1, Math.min(availableParallelism(), 8)) : Number(threadsFlag);
  if (!Number.isInteger(threads) || threads < 1)
    throw new UsageError(`--threads must be a positive integer, got '${threadsFlag}'`);
  const abort = new AbortController();
  const stop = () => abort.abort();
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
  const r = await runWorker({
    cluster,
    threads,
    signal: abort.signal,
    onEvent: (line) => process.stderr.write(`${new Date().toISOString()} ${line}\n`),
  });
  process.off("SIGINT", stop);
  process.off("SIGTERM", stop);
  if (!r.ok) {
    if (format !== "human") printEnvelope(format, envelope("worker", ExitCode.Io, null, [r.error]));
    else {
      process.stderr.write(`error [${r.error.kind}] ${r.error.message}\n`);
      if (r.error.suggestion !== undefined) process.stderr.write(`  hint: ${r.error.suggestion}\n`);
    }
    return ExitCode.Io;
  }
  process.stderr.write(`worker ${r.value.id} stopped after ${r.value.tasks} task(s)\n`);
  return ExitCode.Success;
}
