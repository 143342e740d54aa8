/** The convergence log of a run (`training/convergence.parquet`) as plain rows. */
import type { Result } from "@cobre/core";
import { err, ok } from "@cobre/core";
import { readConvergence } from "../output/readers";
import type { AnalysisError } from "./errors";
import { fromOutputError } from "./output-errors";
import { type Row, numericColumn, tableRows } from "./table-rows";

export interface IterationRange {
  /** First iteration to return (1-based, inclusive). */
  readonly from?: number;
  /** Last iteration to return (inclusive). */
  readonly to?: number;
}

/** Rows of `training/convergence.parquet`, in iteration order, within `range`. */
export async function convergenceRows(
  outputDir: string,
  range: IterationRange = {},
): Promise<Result<Row[], AnalysisError>> {
  const table = await readConvergence(outputDir);
  if (!table.ok) return err(fromOutputError(table.error, outputDir));
  const iterations = numericColumn(table.value, "iteration");
  const from = range.from ?? Number.NEGATIVE_INFINITY;
  const to = range.to ?? Number.POSITIVE_INFINITY;
  return ok(
    tableRows(table.value, (i) => {
      const it = iterations[i] ?? null;
      return it !== null && it >= from && it <= to;
    }),
  );
}
