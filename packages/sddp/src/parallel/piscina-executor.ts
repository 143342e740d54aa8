/**
 * The worker-thread executor: a Piscina pool of `workers` threads, each with its own
 * HiGHS instance and stage LPs, all reading cuts and trial states from shared memory.
 * Work is split into contiguous scenario slices; each result lands in its scenario's
 * slot, so the outcome is independent of scheduling.
 */
import type { Case, RiskMeasure } from "@cobre/core";
import type { ParquetWriterConfig } from "@cobre/io";
import { Piscina } from "piscina";
import { type Executor, type IterationResult, type SimulationBatch, slices } from "./executor";
import type { TrainingState } from "../training/training-state";
import type { TaskStats } from "./worker-core";
import type { IterationPassStats, WorkerInit, WorkerReply, WorkerTask } from "./worker-messages";
import { SddpSolveError, WorkerFailure } from "../errors";
import { IterationSync } from "./iteration-sync";
import { lowerBoundValue } from "../training/risk-measure";

type Reply = { value: number; stats: TaskStats };

/**
 * What runs the tasks: a Piscina pool of local threads by default, or anything that
 * runs a `WorkerTask` and answers what the worker entry would (e.g. remote workers).
 */
export interface TaskPool {
  run(task: WorkerTask): Promise<unknown>;
  destroy(): Promise<void>;
}

/**
 * Where the worker module is: next to this file when running from sources (.ts), next to
 * the bundled index.js in dist/ when built (see tsup.config.ts).
 */
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
  private readonly pool: TaskPool;
  /** Tasks sent and not yet answered: closing waits for them (see {@link close}). */
  private readonly inFlight = new Set<Promise<unknown>>();
  /** Shared by the threads of an iteration pass; null when the tasks run elsewhere. */
  private readonly sync: IterationSync | null;
  /** Stage 0's risk measure: it aggregates the lower bound's openings. */
  private readonly lowerBoundMeasure: RiskMeasure;

  /**
   * @param pool runs the tasks instead of a local thread pool (`workers` is then the
   *   number of tasks it can run at once: the slices each phase is cut into).
   */
  constructor(
    readonly workers: number,
    c: Case,
    private readonly state: TrainingState,
    pool?: TaskPool,
  ) {
    this.lowerBoundMeasure = c.system.stages[0]?.riskMeasure ?? { type: "expectation" };
    if (pool !== undefined) {
      // Remote workers share no memory: their backward pass goes stage by stage.
      this.pool = pool;
      this.sync = null;
      return;
    }
    this.sync = IterationSync.allocate(workers, state.forwardPasses);
    const { filename, execArgv } = workerLocation();
    const init: WorkerInit = { case: c, state: state.buffers };
    const piscina = new Piscina({
      filename,
      execArgv,
      minThreads: workers,
      maxThreads: workers,
      idleTimeout: Number.POSITIVE_INFINITY,
      workerData: init,
    });
    // Piscina emits pool-level errors (e.g. the answer of a task it no longer tracks);
    // without a listener Node would turn them into an uncaught exception that ends the
    // process with a stack trace instead of the run's own structured error. Task
    // failures still reach their callers through `run`.
    piscina.on("error", () => {});
    this.pool = piscina;
  }

  private async runAll(tasks: WorkerTask[]): Promise<TaskStats[]> {
    const replies = (await Promise.all(tasks.map((t, rank) => this.run(t, rank)))) as Reply[];
    return replies.map((r) => r.stats);
  }

  /**
   * Runs one task; a worker that dies (rather than reporting an LP failure) becomes a
   * WorkerFailure with its slice (rank) and exit code.
   */
  async run(task: WorkerTask, rank: number): Promise<unknown> {
    let reply: WorkerReply;
    const sent = this.pool.run(task);
    this.inFlight.add(sent);
    try {
      reply = (await sent) as WorkerReply;
    } catch (e) {
      if (typeof e === "object" && e !== null && "solverError" in e) throw e;
      const message = e instanceof Error ? e.message : String(e);
      const code = /exit(?:ed)? with (?:exit )?code:? (\d+)/i.exec(message)?.[1];
      throw new WorkerFailure(rank, code === undefined ? null : Number(code), message);
    } finally {
      this.inFlight.delete(sent);
    }
    if ("failure" in reply) throw new SddpSolveError(reply.failure.solverError, reply.failure.site);
    return reply;
  }

  forward(iteration: number, cutCounts: readonly number[]): Promise<TaskStats[]> {
    return this.runAll(
      slices(this.state.forwardPasses, this.workers).map((s) => ({ kind: "forward", iteration, cutCounts, ...s })),
    );
  }

  backward(stage: number, iteration: number, cutCounts: readonly number[]): Promise<TaskStats[]> {
    return this.runAll(
      slices(this.state.forwardPasses, this.workers).map((s) => ({
        kind: "backward",
        stage,
        iteration,
        cutCounts,
        ...s,
      })),
    );
  }

  /**
   * A whole iteration as one task per thread (`WorkerCore.iterationPass`): the threads
   * take forward scenarios, trial points and lower-bound openings from a shared counter
   * and meet at barriers in shared memory between phases and after each backward stage,
   * where the last to arrive appends the stage's cuts, so no phase waits for the
   * coordinator. Undefined (the training loop then goes phase by phase and stage by
   * stage) when the tasks run on other machines.
   */
  get iterationPass(): ((iteration: number, cutCounts: readonly number[]) => Promise<IterationResult>) | undefined {
    const sync = this.sync;
    // Benchmark hook (`pnpm bench`): every phase and backward stage through the coordinator, the engine before.
    if (sync === null || process.env.COBRE_BENCH_STAGEWISE_BACKWARD === "1") return undefined;
    return async (iteration, cutCounts) => {
      sync.reset();
      // Every thread must take part (each waits for the others at every barrier), so a
      // failing one ends the iteration for all: its error is the one reported.
      const runs = Array.from({ length: this.workers }, (_, rank) =>
        this.run(
          {
            kind: "iterationPass",
            iteration,
            cutCounts,
            sync: sync.buffer,
            parties: this.workers,
          } satisfies WorkerTask,
          rank,
        ).catch((e: unknown) => {
          sync.abort();
          throw e;
        }),
      );
      const settled = await Promise.allSettled(runs);
      const failed = settled.find((r): r is PromiseRejectedResult => r.status === "rejected");
      if (failed !== undefined) throw failed.reason;
      const parts = settled.map((r) => (r as PromiseFulfilledResult<{ value: IterationPassStats }>).value.value);
      const n = parts.reduce((k, p) => k + p.lowerBoundValues.length / 2, 0);
      const values = new Float64Array(n);
      for (const p of parts) {
        for (let k = 0; k + 1 < p.lowerBoundValues.length; k += 2)
          values[p.lowerBoundValues[k]!] = p.lowerBoundValues[k + 1]!;
      }
      return {
        forward: parts.map((p) => p.forward),
        backward: parts.map((p) => p.backward),
        lowerBound: { value: lowerBoundValue(this.lowerBoundMeasure, values), stats: parts.map((p) => p.lowerBound) },
      };
    };
  }

  async lowerBound(iteration: number, cutCounts: readonly number[]): Promise<Reply> {
    return (await this.run({ kind: "lowerBound", iteration, cutCounts } satisfies WorkerTask, 0)) as Reply;
  }

  async policyCosts(count: number, cutCounts: readonly number[], sampleKey: number): Promise<number[]> {
    const replies = (await Promise.all(
      slices(count, this.workers).map((s, rank) =>
        this.run({ kind: "policyCosts", cutCounts, sampleKey, ...s } satisfies WorkerTask, rank),
      ),
    )) as { value: number[] }[];
    return replies.flatMap((r) => r.value);
  }

  async simulate(
    first: number,
    count: number,
    cutCounts: readonly number[],
    encode?: ParquetWriterConfig | null,
  ): Promise<{ value: SimulationBatch; stats: TaskStats }> {
    const task = { kind: "simulate", first, count, cutCounts, encode: encode ?? null } satisfies WorkerTask;
    return (await this.run(task, 0)) as {
      value: SimulationBatch;
      stats: TaskStats;
    };
  }

  /**
   * Waits for the tasks already sent, then stops the workers. A run that fails while
   * other tasks are running (a full disk during a pipelined simulation) closes the pool
   * with work in flight; destroying it under those tasks would leave workers answering
   * tasks the pool has forgotten.
   */
  async close(): Promise<void> {
    await Promise.allSettled([...this.inFlight]);
    await this.pool.destroy();
  }
}
