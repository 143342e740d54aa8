/**
 * `train()`: builds the stage LPs of a case, runs SDDP on `numWorkers` workers until a
 * stopping rule triggers, and returns the trained cuts with the convergence history.
 */
import type { Case, Result } from "@cobre/core";
import { err, ok } from "@cobre/core";
import type { CutPool } from "./cut-pool";
import { SddpSolveError, type SddpError } from "./errors";
import type { Executor } from "./executor";
import { LocalExecutor } from "./local-executor";
import { PiscinaExecutor } from "./piscina-executor";
import { prepareStudy } from "./prepare-study";
import type { TerminationReason } from "./stopping-rules";
import { type IterationRecord, runTrainingLoop } from "./training-loop";
import { TrainingState } from "./training-state";
import { WorkerCore } from "./worker-core";

export interface TrainOptions {
  /** Worker threads solving LPs (default 1: in the calling thread). Results do not depend on it. */
  readonly numWorkers?: number;
  /** Called after every iteration with its convergence record. */
  readonly onIteration?: (record: IterationRecord) => void;
  /** Stops training at the next iteration boundary (termination reason `shutdown`). */
  readonly signal?: AbortSignal;
}

export interface TrainingOutcome {
  readonly history: readonly IterationRecord[];
  readonly terminationReason: TerminationReason;
  /** `pools[t]` approximates the future cost after stage t (the last one is empty). */
  readonly pools: readonly CutPool[];
  readonly stateDims: readonly number[];
  readonly seed: number;
  readonly workers: number;
  readonly finalLowerBound: number;
  readonly finalUpperBound: number;
  readonly finalGap: number;
  readonly totalTimeMs: number;
}

/** Cuts one run can add per stage: one per forward pass per iteration, up to the iteration limit. */
function cutCapacity(c: Case): number {
  const limits = c.config.training.stoppingRules.flatMap((r) => (r.type === "iteration_limit" ? [r.limit] : []));
  const iterations = limits.length > 0 ? Math.min(...limits) : 1000;
  return Math.max(1, iterations * c.config.training.forwardPasses);
}

/**
 * Trains a policy for a loaded case.
 *
 * @example
 * ```ts
 * const loaded = await loadCase("examples/hydro-tiny");
 * if (loaded.ok) {
 *   const trained = await train(loaded.value, { numWorkers: 2 });
 *   if (trained.ok) console.log(trained.value.finalLowerBound);
 * }
 * ```
 */
export async function train(c: Case, options: TrainOptions = {}): Promise<Result<TrainingOutcome, SddpError>> {
  const prepared = prepareStudy(c);
  if (!prepared.ok) return prepared;
  const study = prepared.value;
  const workers = Math.max(1, Math.floor(options.numWorkers ?? 1));
  const stateDims = study.templates.map((t) => t.layout.stateDim);
  const state = TrainingState.create(stateDims, c.config.training.forwardPasses, cutCapacity(c), workers > 1);
  let executor: Executor;
  if (workers > 1) executor = new PiscinaExecutor(workers, c, state);
  else executor = new LocalExecutor(await WorkerCore.create(c, state, study));
  const started = performance.now();
  try {
    const out = await runTrainingLoop({
      stages: c.system.stages,
      templates: study.templates,
      state,
      executor,
      stoppingRules: c.config.training.stoppingRules,
      stoppingMode: c.config.training.stoppingMode,
      cutSelection: c.config.training.cutSelection,
      ...(options.onIteration === undefined ? {} : { onIteration: options.onIteration }),
      shouldStop: () => options.signal?.aborted === true,
    });
    const last = out.history[out.history.length - 1];
    return ok({
      history: out.history,
      terminationReason: out.terminationReason,
      pools: state.pools,
      stateDims,
      seed: study.seed,
      workers,
      finalLowerBound: last?.lowerBound ?? Number.NaN,
      finalUpperBound: last?.upperBoundMean ?? Number.NaN,
      finalGap: last?.gap ?? Number.NaN,
      totalTimeMs: performance.now() - started,
    });
  } catch (e) {
    const solveError = e instanceof SddpSolveError ? e : findSolveError(e);
    if (solveError !== undefined) {
      return err({
        kind: "SolverError",
        message: solveError.message,
        context: {
          stage: solveError.solverError.context.stage ?? null,
          iteration: solveError.site.iteration,
          scenario: solveError.site.scenario,
          phase: solveError.site.phase,
          status: solveError.solverError.status,
        },
        suggestion:
          "Check bounds and penalties of the stage named in the context; an infeasible stage usually means a hard bound without a violation slack.",
      });
    }
    return err({
      kind: "InternalPanic",
      message: e instanceof Error ? e.message : String(e),
      context: {},
      suggestion: "This is a bug in Cobre-TS; please report it with the case.",
    });
  } finally {
    await executor.close();
  }
}

/** Errors crossing a worker boundary lose their class; recover the solve error's fields. */
function findSolveError(e: unknown): SddpSolveError | undefined {
  if (typeof e === "object" && e !== null && "solverError" in e && "site" in e) {
    const x = e as { message: string; solverError: SddpSolveError["solverError"]; site: SddpSolveError["site"] };
    return new SddpSolveError(x.solverError, x.site);
  }
  return undefined;
}
