/**
 * `simulateCase`: evaluates a policy on sampled scenarios and returns a
 * `SimulationResult` (scenario costs, statistics, per-component costs). Calls the
 * engine's `simulate()`; never rejects.
 */
import type { Result } from "@cobre/core";
import { err, ok } from "@cobre/core";
import type { SimulationScenarioResult } from "@cobre/io";
import type { Policy } from "../policy";
import { simulate } from "../simulation/simulate";
import type { CaseLike } from "./case-like";
import type { ConfigOverrides } from "./config-overrides";
import type { CobreError } from "@cobre/core";
import { fromSddpError, toCobreError } from "./errors";
import type { SimulationProgressEvent } from "./progress";
import { type CostComponent, SimulationResult, componentCosts } from "./simulation-result";
import { checkWorkers, effectiveCase } from "./train-case";

export interface SimulateCaseOptions {
  readonly configOverrides?: ConfigOverrides;
  /** Default: `simulation.num_scenarios` of the (overridden) config. */
  readonly numScenarios?: number;
  readonly numWorkers?: number;
  readonly onProgress?: (event: SimulationProgressEvent) => void;
  /** Per scenario, in scenario order, with its full columnar result (awaited). */
  readonly onScenario?: (result: SimulationScenarioResult) => void | Promise<void>;
  /** Stops after the current wave of scenarios; the rest stay NaN. */
  readonly signal?: AbortSignal;
}

/**
 * Simulates a policy: pass a `TrainingResult` (it has the `case` it was trained on,
 * overrides included, and the `policy`) or `{ case, policy }` with a loaded `Policy`.
 *
 * @example
 * ```ts
 * const sim = await simulateCase(trained, { numScenarios: 200, numWorkers: 2 });
 * if (sim.ok) console.log(sim.value.meanCost, sim.value.componentStats.get("thermalCost"));
 * ```
 */
export async function simulateCase(
  source: { readonly case: CaseLike; readonly policy: Policy },
  options: SimulateCaseOptions = {},
): Promise<Result<SimulationResult, CobreError>> {
  try {
    const workers = checkWorkers(options.numWorkers);
    if (!workers.ok) return workers;
    const c = effectiveCase(source.case, options.configOverrides);
    if (!c.ok) return c;
    const n = Math.max(0, Math.floor(options.numScenarios ?? c.value.config.simulation.numScenarios));
    const components = new Map<CostComponent, Float64Array>();
    const started = performance.now();
    const { onProgress, onScenario, signal } = options;
    const sim = await simulate(c.value, source.policy, {
      numScenarios: n,
      numWorkers: workers.value,
      ...(signal === undefined ? {} : { signal }),
      onScenario: async (r) => {
        for (const [k, v] of componentCosts(r)) {
          let col = components.get(k);
          if (col === undefined) {
            col = new Float64Array(n).fill(Number.NaN);
            components.set(k, col);
          }
          col[r.scenarioId] = v;
        }
        await onScenario?.(r);
      },
      ...(onProgress === undefined
        ? {}
        : {
            onProgress: (done: number, total: number) =>
              onProgress({
                phase: "simulation",
                iteration: null,
                scenariosComplete: done,
                scenariosTotal: total,
                wallTimeMs: performance.now() - started,
                workerId: null,
              }),
          }),
    });
    if (!sim.ok) return err(fromSddpError(sim.error));
    return ok(new SimulationResult(sim.value, components));
  } catch (e) {
    return err(toCobreError(e));
  }
}
