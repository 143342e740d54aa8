/**
 * `training/scaling_report.json` (Cobre book, output format): the conditioning of each
 * stage's LP as built, before and after prescaling — a JSON array with one object per
 * stage: `stage`, then `before` and `after`, each with `coefficient_min`,
 * `coefficient_max` (absolute matrix entries), `rhs_min` and `rhs_max` (absolute finite
 * row bounds). Minima are over non-zero values; a stage with no such value has `null`
 * there (JSON has no infinity).
 *
 * The book describes this array; the Rust tool's file is an object with more detail
 * (dimensions, scale-factor summaries). We follow the book, the format authority.
 */
import { join } from "node:path";
import type { Result } from "@cobre/core";
import { writeJsonAtomic } from "../fs/atomic-write";
import type { OutputError } from "../errors";

/** Path of the report relative to the output root. */
export const SCALING_REPORT_FILE = "training/scaling_report.json";

/** Magnitudes of an LP's matrix and right-hand sides (null: no non-zero value). */
export interface CoefficientRange {
  readonly coefficientMin: number | null;
  readonly coefficientMax: number;
  readonly rhsMin: number | null;
  readonly rhsMax: number;
}

/** One stage of the report. */
export interface StageScalingReport {
  readonly stage: number;
  readonly before: CoefficientRange;
  readonly after: CoefficientRange;
}

/**
 * The range of an LP given its matrix entries and row bounds: absolute values, minima
 * over non-zero entries; infinite row bounds (free sides) are not right-hand sides.
 */
export function coefficientRange(
  matrixValues: ArrayLike<number>,
  rowLower: ArrayLike<number>,
  rowUpper: ArrayLike<number>,
): CoefficientRange {
  const m = absRange([matrixValues]);
  const r = absRange([rowLower, rowUpper]);
  return { coefficientMin: m.min, coefficientMax: m.max, rhsMin: r.min, rhsMax: r.max };
}

function absRange(lists: readonly ArrayLike<number>[]): { min: number | null; max: number } {
  let min = Number.POSITIVE_INFINITY;
  let max = 0;
  for (const values of lists) {
    for (let i = 0; i < values.length; i++) {
      const v = Math.abs(values[i]!);
      if (!Number.isFinite(v)) continue;
      if (v > max) max = v;
      if (v > 0 && v < min) min = v;
    }
  }
  return { min: Number.isFinite(min) ? min : null, max };
}

function rangeJson(r: CoefficientRange): Record<string, number | null> {
  return { coefficient_min: r.coefficientMin, coefficient_max: r.coefficientMax, rhs_min: r.rhsMin, rhs_max: r.rhsMax };
}

/**
 * Writes the report atomically (stages in the order given).
 *
 * @example
 * ```ts
 * const range = coefficientRange(lp.matrix.value, lp.rowLower, lp.rowUpper);
 * await writeScalingReport("out", [{ stage: 0, before: range, after: range }]);
 * ```
 */
export function writeScalingReport(
  outputDir: string,
  stages: readonly StageScalingReport[],
): Promise<Result<void, OutputError>> {
  return writeJsonAtomic(
    join(outputDir, SCALING_REPORT_FILE),
    stages.map((s) => ({ stage: s.stage, before: rangeJson(s.before), after: rangeJson(s.after) })),
  );
}
