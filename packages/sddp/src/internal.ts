/**
 * @cobre/sddp/internal — the seams an execution backend outside this package needs (the
 * `Executor` interface, the task messages, the training state and the thread-pool
 * executor to reuse on a remote machine). Not a stable API: versioned with the engine,
 * for `@cobre/cluster`.
 */
export type { Executor, ExecutorFactory, SimulationBatch } from "./parallel/executor";
export { PiscinaExecutor } from "./parallel/piscina-executor";
export type { TaskPool } from "./parallel/piscina-executor";
export type { TaskStats } from "./parallel/worker-core";
export type { WorkerTask } from "./parallel/worker-messages";
export { TrainingState } from "./training/training-state";
export type { TrainingStateBuffers } from "./training/training-state";
export { WorkerFailure } from "./errors";
