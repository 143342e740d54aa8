/**
 * Outputs a run writes once its stage LPs are built, before training (as the Rust tool
 * does): `training/scaling_report.json` (always) and
 * `hydro_models/fpha_hyperplanes.parquet` (when planes were fitted from geometry).
 *
 * Scaling: the LPs hold costs divided by `COST_SCALE` and no row or column scaling of
 * ours (HiGHS scales internally, invisibly to us), so the matrix and right-hand sides
 * the solver receives are those built: `after` equals `before`.
 */
import type { Case, Result } from "@cobre/core";
import { ok } from "@cobre/core";
import { coefficientRange, type OutputError, writeFphaHyperplanes, writeScalingReport } from "@cobre/io";
import type { PreparedStudy } from "./prepare-study";

export async function writeStudyDiagnostics(
  c: Case,
  study: PreparedStudy,
  outputDir: string,
): Promise<Result<void, OutputError>> {
  const report = await writeScalingReport(
    outputDir,
    study.templates.map((t, stage) => {
      const range = coefficientRange(t.lp.value, t.lp.rowLower, t.lp.rowUpper);
      return { stage, before: range, after: range };
    }),
  );
  if (!report.ok) return report;
  const planes = await writeFphaHyperplanes(outputDir, study.fittedFphaPlanes, {
    compression: c.config.exports.compression ?? "zstd",
  });
  return planes.ok ? ok(undefined) : planes;
}
