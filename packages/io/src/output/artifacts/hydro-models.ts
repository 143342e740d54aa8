/**
 * `hydro_models/fpha_hyperplanes.parquet` (Cobre book, output format "Hydro Model
 * Artifacts"): the FPHA planes a run fitted from `system/hydro_geometry.parquet` for the
 * hydros with `fpha_config.source: "computed"`, in the columns, types and row order of
 * the input file `system/fpha_hyperplanes.parquet`, so that copying it there replays the
 * run with `source: "precomputed"` and no fitting. Not written when nothing was fitted.
 */
import type { FphaHyperplane, Result } from "@cobre/core";
import { ok } from "@cobre/core";
import type { OutputError } from "../errors";
import type { ParquetWriterConfig } from "../parquet/encode";
import { writeParquetFile } from "../parquet/file";
import { FPHA_HYPERPLANES_SCHEMA } from "../schemas/index";

/** Path of the file relative to the output root. */
export const FPHA_HYPERPLANES_OUTPUT = FPHA_HYPERPLANES_SCHEMA.path;

/** Row order of the input schema: hydro, then stage (null, i.e. every stage, first), then plane. */
function compare(a: FphaHyperplane, b: FphaHyperplane): number {
  return a.hydroId - b.hydroId || (a.stageId ?? -1) - (b.stageId ?? -1) || a.planeId - b.planeId;
}

/**
 * Writes the fitted planes atomically; returns the number of rows (0: nothing fitted,
 * nothing written).
 *
 * @example
 * ```ts
 * const rows = await writeFphaHyperplanes("out", fitted);
 * ```
 */
export async function writeFphaHyperplanes(
  outputDir: string,
  planes: readonly FphaHyperplane[],
  parquet?: ParquetWriterConfig,
): Promise<Result<number, OutputError>> {
  if (planes.length === 0) return ok(0);
  const r = [...planes].sort(compare);
  const written = await writeParquetFile(
    outputDir,
    FPHA_HYPERPLANES_SCHEMA,
    {
      columns: {
        hydro_id: Int32Array.from(r, (p) => p.hydroId),
        stage_id: r.map((p) => p.stageId),
        plane_id: Int32Array.from(r, (p) => p.planeId),
        gamma_0: Float64Array.from(r, (p) => p.gamma0),
        gamma_v: Float64Array.from(r, (p) => p.gammaV),
        gamma_q: Float64Array.from(r, (p) => p.gammaQ),
        gamma_s: Float64Array.from(r, (p) => p.gammaS),
        kappa: r.map((p) => p.kappa),
        valid_v_min_hm3: r.map((p) => p.validVMinHm3),
        valid_v_max_hm3: r.map((p) => p.validVMaxHm3),
        valid_q_max_m3s: r.map((p) => p.validQMaxM3s),
      },
      length: r.length,
    },
    parquet,
  );
  return written.ok ? ok(r.length) : written;
}
