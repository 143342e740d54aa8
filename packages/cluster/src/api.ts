/**
 * The public entry points: the engine's `runStudy`, `train` and `simulate` with
 * `{ cluster: { url, ... } }`, run by the workers of a NATS cluster. Results are the
 * same as a local run's, bit for bit (the engine's determinism does not depend on
 * where or on how many threads a task runs).
 */
import type { Case, Result } from "@cobre/core";
import { err, ok } from "@cobre/core";
import {
  type PolicyCuts,
  type RunError,
  type RunStudyOptions,
  type RunSummary,
  type SddpError,
  type SimulateOptions,
  type SimulationSummary,
  type TrainOptions,
  type TrainingOutcome,
  runStudy,
  simulate,
  train,
} from "@cobre/sddp";
import { type ClusterOptions, connectCluster } from "./connection";
import { ClusterCoordinator, type ClusterMetrics } from "./coordinator";
import { type ClusterError, ClusterFailure } from "./errors";

/** Options of a run on a cluster: the local options plus where the cluster is. */
export interface OnCluster {
  readonly cluster: ClusterOptions;
  /** Receives the message counts and sizes of the run when it ends. */
  readonly onMetrics?: (metrics: ClusterMetrics) => void;
}

/**
 * Connects, runs `job` with the cluster's executor factory, and closes. A cluster
 * failure (no workers, a task abandoned) wins over the engine's report of it.
 */
async function onCluster<T, E>(
  options: OnCluster,
  job: (coordinator: ClusterCoordinator) => Promise<Result<T, E>>,
): Promise<Result<T, E | ClusterError>> {
  const nc = await connectCluster(options.cluster, "cobre-coordinator");
  if (!nc.ok) return nc;
  const coordinator = new ClusterCoordinator(nc.value, options.cluster);
  try {
    const r = await job(coordinator);
    if (coordinator.failure !== undefined) return err(coordinator.failure);
    return r;
  } catch (e) {
    if (e instanceof ClusterFailure) return err(e.error);
    throw e;
  } finally {
    options.onMetrics?.({ ...coordinator.metrics });
    await coordinator.close();
  }
}

/**
 * `runStudy` on a cluster: training and simulation tasks run on the workers; the
 * coordinator writes every output, as a local run does.
 *
 * @example
 * ```ts
 * const r = await runStudyOnCluster(c, { outputDir: "out", cluster: { url: "nats://cobre:secret@10.0.0.5:4222" } });
 * if (!r.ok) console.error(r.error.kind, r.error.message);
 * ```
 */
export async function runStudyOnCluster(
  c: Case,
  options: RunStudyOptions & OnCluster,
): Promise<Result<RunSummary, RunError>> {
  const r = await onCluster(options, (k) => runStudy(c, { ...options, executor: k.executorFactory() }));
  if (r.ok) return ok(r.value);
  return "source" in r.error ? err(r.error) : err(asRunError(r.error));
}

/** `train` on a cluster. */
export function trainOnCluster(
  c: Case,
  options: TrainOptions & OnCluster,
): Promise<Result<TrainingOutcome, SddpError | ClusterError>> {
  return onCluster(options, (k) => train(c, { ...options, executor: k.executorFactory() }));
}

/** `simulate` on a cluster. */
export function simulateOnCluster(
  c: Case,
  policy: PolicyCuts,
  options: SimulateOptions & OnCluster,
): Promise<Result<SimulationSummary, SddpError | ClusterError>> {
  return onCluster(options, (k) => simulate(c, policy, { ...options, executor: k.executorFactory() }));
}

/** A cluster failure as a run error (the CLI maps `source` to its exit code). */
export function asRunError(e: ClusterError): RunError {
  return {
    kind: e.kind,
    source: e.kind === "InvalidClusterOptions" ? "options" : "io",
    message: e.message,
    context: e.context,
    ...(e.suggestion === undefined ? {} : { suggestion: e.suggestion }),
  };
}
