/**
 * `simulate()`: evaluates a trained policy on `numScenarios` sampled scenarios, on
 * `numWorkers` workers, handing each scenario's columnar result to `onScenario` in
 * scenario order (await it to apply backpressure, e.g. a bounded writer queue).
 */
import type { Case, Result } from "@cobre/core";
import { err, ok } from "@cobre/core";
import type { SimulationScenarioResult } from "@cobre/io";
import type { CutPool } from "../cuts/cut-pool";
import { type SddpError, toSddpError } from "../errors";
import type { Executor } from "../parallel/executor";
import { LocalExecutor } from "../parallel/local-executor";
import { PiscinaExecutor } from "../parallel/piscina-executor";
import { prepareStudy } from "../study/prepare-study";
import { TrainingState } from "../training/training-state";
import { WorkerCore } from "../parallel/worker-core";

export interface SimulateOptions {
  /** Default: `simulation.num_scenarios` of the case. */
  readonly numScenarios?: number;
  readonly numWorkers?: number;
  /** Scenarios to skip (already written by an interrupted run). */
  readonly skip?: ReadonlySet<number>;
  readonly onScenario?: (result: SimulationScenarioResult) => void | Promise<void>;
  readonly onProgress?: (done: number, total: number) => void;
  readonly signal?: AbortSignal;
}

export interface SimulationSummary {
  readonly scenarios: number;
  /** Present-value cost per simulated scenario, by scenario id (NaN for skipped ones). */
  readonly costs: Float64Array;
  readonly meanCost: number;
  readonly stdCost: number;
  readonly ci95HalfWidth: number;
  readonly totalTimeMs: number;
  readonly lpSolves: number;
}

/** The cuts a simulation needs: one pool per stage (as returned by `train`). */
export interface PolicyCuts {
  readonly pools: readonly CutPool[];
}

const BATCH = 4;

export async function simulate(
  c: Case,
  policy: PolicyCuts,
  options: SimulateOptions = {},
): Promise<Result<SimulationSummary, SddpError>> {
  const prepared = prepareStudy(c);
  if (!prepared.ok) return prepared;
  const study = prepared.value;
  const n = Math.max(0, Math.floor(options.numScenarios ?? c.config.simulation.numScenarios));
  const workers = Math.max(1, Math.floor(options.numWorkers ?? 1));
  const stateDims = study.templates.map((t) => t.layout.stateDim);
  if (policy.pools.length !== stateDims.length || policy.pools.some((p, t) => p.stateDim !== stateDims[t])) {
    return err({
      kind: "InvalidOptions",
      message: "the policy does not match the case: stage count or state dimension differ",
      context: { policyStages: policy.pools.length, caseStages: stateDims.length },
      suggestion: "Simulate with the case the policy was trained on.",
    });
  }
  const capacity = Math.max(1, ...policy.pools.map((p) => p.size));
  const state = TrainingState.create(stateDims, 1, capacity, workers > 1);
  policy.pools.forEach((p, t) => {
    const dst = state.pools[t]!;
    for (let i = 0; i < p.size; i++) {
      dst.add(
        p.intercepts[i]!,
        p.coefficients.subarray(i * p.stateDim, (i + 1) * p.stateDim),
        p.iterations[i]!,
        p.forwardPasses[i]!,
        p.active[i] === 1,
      );
    }
  });
  const executor: Executor =
    workers > 1 ? new PiscinaExecutor(workers, c, state) : new LocalExecutor(await WorkerCore.create(c, state, study));
  const started = performance.now();
  const costs = new Float64Array(n).fill(Number.NaN);
  let solves = 0;
  let done = 0;
  try {
    const todo: number[] = [];
    for (let m = 0; m < n; m++) if (options.skip?.has(m) !== true) todo.push(m);
    // Waves of `workers` batches; results are delivered in scenario order.
    for (let w = 0; w < todo.length; w += workers * BATCH) {
      if (options.signal?.aborted === true) break;
      const wave = todo.slice(w, w + workers * BATCH);
      const runs: Promise<{
        value: { results: SimulationScenarioResult[]; costs: number[] };
        stats: { solves: number };
      }>[] = [];
      for (let i = 0; i < wave.length; ) {
        // Contiguous ids only: a batch never spans a skipped scenario.
        let count = 1;
        while (count < BATCH && i + count < wave.length && wave[i + count] === wave[i]! + count) count++;
        runs.push(executor.simulate(wave[i]!, count, state.cutCounts()));
        i += count;
      }
      for (const run of runs) {
        const batch = await run;
        solves += batch.stats.solves;
        for (let k = 0; k < batch.value.results.length; k++) {
          const r = batch.value.results[k]!;
          costs[r.scenarioId] = batch.value.costs[k]!;
          await options.onScenario?.(r);
          done++;
          options.onProgress?.(done, todo.length);
        }
      }
    }
  } catch (e) {
    return err(toSddpError(e));
  } finally {
    await executor.close();
  }
  const valid = Array.from(costs).filter((v) => !Number.isNaN(v));
  const mean = valid.reduce((a, b) => a + b, 0) / Math.max(1, valid.length);
  const variance = valid.reduce((a, b) => a + (b - mean) ** 2, 0) / Math.max(1, valid.length - 1);
  const std = valid.length > 1 ? Math.sqrt(variance) : 0;
  return ok({
    scenarios: n,
    costs,
    meanCost: mean,
    stdCost: std,
    ci95HalfWidth: valid.length > 1 ? (1.96 * std) / Math.sqrt(valid.length) : 0,
    totalTimeMs: performance.now() - started,
    lpSolves: solves,
  });
}
