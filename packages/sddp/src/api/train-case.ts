/**
 * `trainCase`: the high-level training call — config overrides, progress events, worker
 * count and cancellation — returning a `TrainingResult`. It calls the engine's `train()`
 * and never rejects: every failure is a `CobreError` in the Result.
 */
import type { Case, Result } from "@cobre/core";
import { err, ok } from "@cobre/core";
import { train } from "../training/train";
import { type CaseLike, caseOf } from "./case-like";
import { type ConfigOverrides, applyConfigOverrides } from "./config-overrides";
import { CobreError } from "@cobre/core";
import { fromSddpError, toCobreError } from "./errors";
import { type TrainingProgressEvent, trainingProgress } from "./progress";
import { TrainingResult } from "./training-result";

export interface TrainCaseOptions {
  /** A partial config.json (snake_case keys), merged into the case's config and re-validated. */
  readonly configOverrides?: ConfigOverrides;
  /** Worker threads solving LPs (integer >= 1, default 1). Results do not depend on it. */
  readonly numWorkers?: number;
  /** Called after every iteration, at the iteration boundary. */
  readonly onProgress?: (event: TrainingProgressEvent) => void;
  /** Stops at the next iteration boundary; the result then has `terminationReason` `shutdown`. */
  readonly signal?: AbortSignal;
}

/** Checks `numWorkers`; returns the count or the error. */
export function checkWorkers(n: number | undefined): Result<number, CobreError> {
  const workers = n ?? 1;
  if (Number.isInteger(workers) && workers >= 1) return ok(workers);
  return err(
    new CobreError({
      kind: "InvalidOptions",
      message: `numWorkers must be an integer >= 1, got ${String(n)}`,
      context: { numWorkers: String(n) },
      suggestion: "Pass numWorkers: 1 to solve in the calling thread.",
    }),
  );
}

/** The case with the overrides applied (unchanged without overrides). */
export function effectiveCase(input: CaseLike, overrides: ConfigOverrides | undefined): Result<Case, CobreError> {
  const c = caseOf(input);
  return overrides === undefined ? ok(c) : applyConfigOverrides(c, overrides);
}

/**
 * Trains a policy.
 *
 * @example
 * ```ts
 * const c = unwrap(await openCase("examples/hydro-tiny"));
 * const r = await trainCase(c, {
 *   numWorkers: 2,
 *   configOverrides: { training: { stopping_rules: [{ type: "iteration_limit", limit: 10 }] } },
 *   onProgress: (e) => console.log(e.iteration, e.lowerBound),
 * });
 * if (r.ok) console.log(r.value.finalLowerBound, r.value.convergenceHistory.numRows);
 * ```
 */
export async function trainCase(
  input: CaseLike,
  options: TrainCaseOptions = {},
): Promise<Result<TrainingResult, CobreError>> {
  try {
    const workers = checkWorkers(options.numWorkers);
    if (!workers.ok) return workers;
    const c = effectiveCase(input, options.configOverrides);
    if (!c.ok) return c;
    const { onProgress, signal } = options;
    const trained = await train(c.value, {
      numWorkers: workers.value,
      ...(signal === undefined ? {} : { signal }),
      ...(onProgress === undefined ? {} : { onIteration: (r) => onProgress(trainingProgress(r)) }),
    });
    if (!trained.ok) return err(fromSddpError(trained.error));
    return ok(new TrainingResult(trained.value, c.value));
  } catch (e) {
    return err(toCobreError(e));
  }
}
