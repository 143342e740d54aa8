/**
 * @cobre/cluster — Cobre's SDDP across machines over NATS: a coordinator whose tasks
 * (forward slices, backward trial points, lower bounds, simulation batches) run on
 * worker processes that join a queue group, each with its own thread pool.
 *
 * Principles: the transport, queueing and fan-out are NATS's (no home-made sockets);
 * task and result payloads are serialized as they are (structured clone), so what the
 * engine adds to them flows through; the training state travels as versioned byte
 * deltas of whatever buffers it holds; results are bit-identical to a local run.
 */
export { asRunError, runStudyOnCluster, simulateOnCluster, trainOnCluster } from "./api";
export type { OnCluster } from "./api";
export { connectCluster, credentialsOf } from "./connection";
export type { ClusterEvent, ClusterOptions } from "./connection";
export { ClusterCoordinator } from "./coordinator";
export type { ClusterMetrics } from "./coordinator";
export type { ClusterError, ClusterErrorKind } from "./errors";
export { runWorker } from "./worker";
export type { WorkerOptions, WorkerSummary } from "./worker";
