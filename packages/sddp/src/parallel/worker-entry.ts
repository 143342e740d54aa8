/**
 * Piscina worker entry: builds this thread's worker core on first use (its own HiGHS
 * instance and stage LPs over the shared training state) and runs the tasks it is given.
 */
import { workerData } from "piscina";
import { TrainingState } from "../training/training-state";
import { SddpSolveError } from "../errors";
import type { WorkerInit, WorkerReply, WorkerTask } from "./worker-messages";
import { type TaskStats, WorkerCore } from "./worker-core";
import { BackwardSync } from "./backward-sync";

let core: Promise<WorkerCore> | undefined;

function getCore(): Promise<WorkerCore> {
  if (core === undefined) {
    const init = workerData as WorkerInit;
    core = WorkerCore.create(init.case, TrainingState.fromBuffers(init.state));
  }
  return core;
}

export default async function runTask(task: WorkerTask): Promise<WorkerReply> {
  // Test hook: lets tests check how a dying worker is reported (never set in production).
  if (process.env.COBRE_TEST_CRASH_WORKER === (task.kind === "backwardPass" ? "backward" : task.kind)) process.exit(3);
  const c = await getCore();
  try {
    return await run(c, task);
  } catch (e) {
    // An LP that is not optimal is an answer, not a crash. Thrown across the thread
    // boundary it would arrive as a bare Error (structured clone keeps only message and
    // stack) and read as a dead worker; as data it keeps its stage, statuses and site.
    if (e instanceof SddpSolveError) return { failure: { solverError: e.solverError, site: e.site } };
    throw e;
  }
}

async function run(c: WorkerCore, task: WorkerTask): Promise<{ value: unknown; stats: TaskStats }> {
  switch (task.kind) {
    case "forward":
      return { value: 0, stats: c.forward(task.iteration, task.first, task.count, task.cutCounts) };
    case "backward":
      return { value: 0, stats: c.backward(task.stage, task.iteration, task.first, task.count, task.cutCounts) };
    case "backwardPass": {
      const stats = c.backwardPass(task.iteration, task.cutCounts, new BackwardSync(task.sync, task.parties));
      return { value: 0, stats };
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
