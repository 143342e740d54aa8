/** The convergence history of a training run as an Arrow table (Python bindings §4.3 columns). */
import { Float64, Int32, Table, makeVector } from "apache-arrow";
import type { IterationRecord } from "../training/training-loop";

/**
 * Columns: `iteration` (Int32, 1-based), `lower_bound`, `upper_bound`, `upper_bound_std`,
 * `ci_95` (half-width), `gap` (relative, (UB − LB) / max(1, |UB|)), `wall_time_ms`
 * (cumulative), `iteration_time_ms` — all Float64; one row per `IterationRecord`.
 */
export function convergenceTable(history: readonly IterationRecord[]): Table {
  const f64 = (pick: (r: IterationRecord) => number) =>
    makeVector({ type: new Float64(), data: Float64Array.from(history, pick) });
  return new Table({
    iteration: makeVector({ type: new Int32(), data: Int32Array.from(history, (r) => r.iteration) }),
    lower_bound: f64((r) => r.lowerBound),
    upper_bound: f64((r) => r.upperBoundMean),
    upper_bound_std: f64((r) => r.upperBoundStd),
    ci_95: f64((r) => r.ci95HalfWidth),
    gap: f64((r) => r.gap),
    wall_time_ms: f64((r) => r.wallTimeMs),
    iteration_time_ms: f64((r) => r.iterationTimeMs),
  });
}
