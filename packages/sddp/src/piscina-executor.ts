/**
 * The worker-thread executor: a Piscina pool of `workers` threads, each with its own
 * HiGHS instance and stage LPs, all reading cuts and trial states from shared memory.
 * Work is split into contiguous scenario slices; each result lands in its scenario's
 * slot, so the outcome is independent of scheduling.
 */
import type { Case } from "@cobre/core";
import { Piscina } from "piscina";
import { type Executor, type SimulationBatch, slices } from "./executor";
import type { TrainingState } from "./training-state";
import type { TaskStats } from "./worker-core";
import type { WorkerInit, WorkerTask } from "./worker-messages";

type Reply = { value: number; stats: TaskStats };

/** Where the worker module is: next to this file, as .ts when running from sources. */
function workerLocation(): { filename: string; execArgv: string[] } {
  const here = import.meta.url;
  if (here.endsWith(".ts")) {
    return {
      filename: new URL("./worker-entry.ts", here).href,
      execArgv: ["--conditions=@cobre/source", "--import", "tsx"],
    };
  }
  return { filename: new URL("./worker-entry.js", here).href, execArgv: [] };
}

export class PiscinaExecutor implements Executor {
  private readonly pool: Piscina;

  constructor(
    readonly workers: number,
    c: Case,
    private readonly state: TrainingState,
  ) {
    const { filename, execArgv } = workerLocation();
    const init: WorkerInit = { case: c, state: state.buffers };
    this.pool = new Piscina({
      filename,
      execArgv,
      minThreads: workers,
      maxThreads: workers,
      idleTimeout: Number.POSITIVE_INFINITY,
      workerData: init,
    });
  }

  private async runAll(tasks: WorkerTask[]): Promise<TaskStats[]> {
    const replies = (await Promise.all(tasks.map((t) => this.pool.run(t)))) as Reply[];
    return replies.map((r) => r.stats);
  }

  forward(iteration: number, cutCounts: readonly number[]): Promise<TaskStats[]> {
    return this.runAll(
      slices(this.state.forwardPasses, this.workers).map((s) => ({ kind: "forward", iteration, cutCounts, ...s })),
    );
  }

  backward(stage: number, iteration: number, cutCounts: readonly number[]): Promise<TaskStats[]> {
    return this.runAll(
      slices(this.state.forwardPasses, this.workers).map((s) => ({ kind: "backward", stage, iteration, cutCounts, ...s })),
    );
  }

  async lowerBound(iteration: number, cutCounts: readonly number[]): Promise<Reply> {
    return (await this.pool.run({ kind: "lowerBound", iteration, cutCounts } satisfies WorkerTask)) as Reply;
  }

  async policyCosts(count: number, cutCounts: readonly number[], sampleKey: number): Promise<number[]> {
    const replies = (await Promise.all(
      slices(count, this.workers).map((s) => this.pool.run({ kind: "policyCosts", cutCounts, sampleKey, ...s } satisfies WorkerTask)),
    )) as { value: number[] }[];
    return replies.flatMap((r) => r.value);
  }

  async simulate(first: number, count: number, cutCounts: readonly number[]): Promise<{ value: SimulationBatch; stats: TaskStats }> {
    return (await this.pool.run({ kind: "simulate", first, count, cutCounts } satisfies WorkerTask)) as {
      value: SimulationBatch;
      stats: TaskStats;
    };
  }

  async close(): Promise<void> {
    await this.pool.destroy();
  }
}
