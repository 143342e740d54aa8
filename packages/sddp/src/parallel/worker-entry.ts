/**
 * Piscina worker entry: builds this thread's worker core (its own HiGHS instance and
 * stage LPs over the shared training state) and runs the tasks it is given.
 */
import { workerData } from "piscina";
import { TrainingState } from "../training/training-state";
import { SddpSolveError } from "../errors";
import type { WorkerInit, WorkerReply, WorkerTask } from "./worker-messages";
import { type TaskStats, WorkerCore } from "./worker-core";
import { IterationSync } from "./iteration-sync";
import { emptyStats } from "./executor";

/**
 * Built as the thread starts, not on its first task: the coordinator is still preparing
 * (reference bases) when the pool starts, and its first task then finds the LPs built. A
 * failure surfaces in the first task (the catch only keeps it from counting as unhandled
 * meanwhile).
 */
const core: Promise<WorkerCore> = (() => {
  const init = workerData as WorkerInit;
  const building = WorkerCore.create(init.case, TrainingState.fromBuffers(init.state));
  building.catch(() => {});
  return building;
})();

export default async function runTask(task: WorkerTask): Promise<WorkerReply> {
  // Test hook: lets tests check how a dying worker is reported (never set in production).
  const crash = process.env.COBRE_TEST_CRASH_WORKER;
  if (crash === task.kind) process.exit(3);
  const c = await core;
  try {
    return await run(c, task, crash);
  } catch (e) {
    // An LP that is not optimal is an answer, not a crash. Thrown across the thread
    // boundary it would arrive as a bare Error (structured clone keeps only message and
    // stack) and read as a dead worker; as data it keeps its stage, statuses and site.
    if (e instanceof SddpSolveError) return { failure: { solverError: e.solverError, site: e.site } };
    throw e;
  }
}

async function run(c: WorkerCore, task: WorkerTask, crash?: string): Promise<{ value: unknown; stats: TaskStats }> {
  switch (task.kind) {
    case "forward":
      return { value: 0, stats: c.forward(task.iteration, task.first, task.count, task.cutCounts) };
    case "backward":
      return { value: 0, stats: c.backward(task.stage, task.iteration, task.first, task.count, task.cutCounts) };
    case "iterationPass": {
      // The test hook again, at the phase it names inside the iteration.
      const onPhase = crash === undefined ? undefined : (phase: string) => phase === crash && process.exit(3);
      const value = c.iterationPass(
        task.iteration,
        task.cutCounts,
        new IterationSync(task.sync, task.parties),
        onPhase,
      );
      return { value, stats: emptyStats() };
    }
    case "lowerBound":
      return c.lowerBound(task.iteration, task.cutCounts);
    case "policyCosts":
      return c.policyCosts(task.first, task.count, task.cutCounts, task.sampleKey);
    case "simulate": {
      const encoder = task.encode === null ? null : await c.scenarioEncoder(task.encode);
      return c.simulate(task.first, task.count, task.cutCounts, encoder);
    }
  }
}
