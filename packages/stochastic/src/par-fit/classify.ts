/** Step 2 of PAR(p) estimation: history classification per (hydro, season). */

import type { HistoryClass } from "./types.js";

/** Tolerance under which two observations count as equal in {@link classifyHistory}. */
const CONSTANT_TOLERANCE = 1e-6;

/** Rounds half away from zero (Math.round rounds −2.5 to −2). */
function roundHalfAway(v: number): number {
  return Math.sign(v) * Math.round(Math.abs(v));
}

/**
 * Classifies one (hydro, season) series, first match wins:
 * - `constant`: every value within 1e-6 of the first (an empty series is constant 0);
 * - `many_negative`: more than 10 % strictly negative values (an upstream incremental
 *   construction gone wrong; reported, not acted on);
 * - `saturated`: the most frequent value after rounding to an integer (history files
 *   carry whole m³/s) holds more than half of the observations; the cap is that integer
 *   (the smallest one on a tie, which cannot exceed half anyway);
 * - `default` otherwise.
 */
export function classifyHistory(values: readonly number[]): HistoryClass {
  if (values.length === 0) return { kind: "constant", value: 0 };
  const first = values[0] as number;
  if (values.every((v) => Math.abs(v - first) < CONSTANT_TOLERANCE)) return { kind: "constant", value: first };
  const n = values.length;
  const negatives = values.filter((v) => v < 0).length;
  if (negatives / n > 0.1) {
    let sum = 0;
    for (const v of values) sum += v;
    return { kind: "many_negative", sampleMean: sum / n };
  }
  const rounded = values.map(roundHalfAway).sort((a, b) => a - b);
  let bestCount = 0;
  let bestValue = rounded[0] as number;
  let run = 0;
  for (let i = 0; i < rounded.length; i++) {
    run = i > 0 && rounded[i] === rounded[i - 1] ? run + 1 : 1;
    if (run > bestCount) {
      bestCount = run;
      bestValue = rounded[i] as number;
    }
  }
  if (bestCount / n > 0.5) return { kind: "saturated", cap: bestValue };
  return { kind: "default" };
}
