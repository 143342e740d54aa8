/**
 * `stochastic/` (config.json `exports.stochastic: true`, Cobre book "Stochastic
 * Artifacts"): the stochastic model a run used, written before training in the formats
 * of the case input files, so that `cp output/stochastic/* case/scenarios/` replays the
 * run without estimation and with the same opening tree.
 *
 * | file                              | written when                                   |
 * | --------------------------------- | ---------------------------------------------- |
 * | `noise_openings.parquet`          | always, unless there is no random variable ¹   |
 * | `correlation.json`                | always (no groups = independent noise)         |
 * | `load_seasonal_stats.parquet`     | the case has load statistics                   |
 * | `inflow_seasonal_stats.parquet`   | the statistics were estimated from history     |
 * | `inflow_ar_coefficients.parquet`  | the AR coefficients were estimated             |
 * | `inflow_annual_component.parquet` | an annual component was estimated (non-empty)  |
 * | `fitting_report.json`             | estimation was performed (diagnostic only)     |
 *
 * ¹ A tree of zero entities (no hydro, no stochastic load) would be a file without rows,
 * which the loader rejects (it must list every stage); the engine draws nothing then.
 *
 * Every file is replaced atomically (temporary file, fsync, rename); artifact files of an
 * earlier export that this one does not write are removed, so the directory always
 * describes one run.
 */
import { rm } from "node:fs/promises";
import { join } from "node:path";
import {
  type CorrelationModel,
  err,
  type InflowSeasonalStat,
  type LoadSeasonalStat,
  ok,
  type Result,
} from "@cobre/core";
import type { ColumnInput } from "../parquet/arrow-columns";
import { ensureDir, writeJsonAtomic } from "../fs/atomic-write";
import { ioError, schemaError, type OutputError } from "../errors";
import type { ParquetWriterConfig } from "../parquet/encode";
import { writeParquetFile } from "../parquet/file";
import type { OutputSchema } from "../schemas/index";
import {
  INFLOW_ANNUAL_COMPONENT_SCHEMA,
  INFLOW_AR_COEFFICIENTS_SCHEMA,
  INFLOW_SEASONAL_STATS_SCHEMA,
  LOAD_SEASONAL_STATS_SCHEMA,
  NOISE_OPENINGS_SCHEMA,
} from "../schemas/stochastic";

/** The directory of the artifacts, relative to the output root. */
export const STOCHASTIC_DIR = "stochastic";

/** Every file name an export may write under `stochastic/`. */
export const STOCHASTIC_ARTIFACT_FILES = [
  "noise_openings.parquet",
  "correlation.json",
  "load_seasonal_stats.parquet",
  "inflow_seasonal_stats.parquet",
  "inflow_ar_coefficients.parquet",
  "inflow_annual_component.parquet",
  "fitting_report.json",
] as const;

export type StochasticArtifactFile = (typeof STOCHASTIC_ARTIFACT_FILES)[number];

/** The backward-pass opening tree, stage by stage (the engine's layout). */
export interface OpeningTreeArtifact {
  /** Entities per opening: hydros, then stochastic load buses (then stochastic NCS). */
  readonly noiseDim: number;
  /** Openings of each stage, by 0-based stage index. */
  readonly numOpenings: readonly number[];
  /** Per stage index, `numOpenings[t] × noiseDim` values laid out `[j * noiseDim + e]`. */
  readonly values: readonly ArrayLike<number>[];
}

/** One row of `inflow_ar_coefficients.parquet`. */
export interface InflowArCoefficientRow {
  readonly hydroId: number;
  readonly stageId: number;
  /** 1-based. */
  readonly lag: number;
  readonly coefficient: number;
  /** σ_residual / σ_season; absent or null is written as 1, the loader's default. */
  readonly residualStdRatio?: number | null;
}

/** One row of `inflow_annual_component.parquet` (PAR(p)-A models). */
export interface InflowAnnualComponentRow {
  readonly hydroId: number;
  readonly stageId: number;
  readonly annualCoefficient: number;
  readonly annualMeanM3s: number;
  readonly annualStdM3s: number;
}

/** The fit of one hydro in `fitting_report.json`. */
export interface HydroFittingReport {
  readonly hydroId: number;
  /** The AR order selected for the hydro. */
  readonly selectedOrder: number;
  /** `aicScores[i]`: the AIC of order `i + 1`; empty when the order was not chosen by AIC. */
  readonly aicScores: readonly number[];
  /** One row per season (season id = row index): the coefficients of lags 1, 2, … */
  readonly coefficients: readonly (readonly number[])[];
}

/** `fitting_report.json`: diagnostics of the PAR fit, not read back by the loader. */
export interface FittingReport {
  readonly hydros: readonly HydroFittingReport[];
}

/** What was estimated from `inflow_history.parquet`; each present field is written. */
export interface EstimatedInflowModel {
  readonly seasonalStats?: readonly InflowSeasonalStat[];
  readonly arCoefficients?: readonly InflowArCoefficientRow[];
  /** Written only when non-empty. */
  readonly annualComponent?: readonly InflowAnnualComponentRow[];
  readonly fittingReport?: FittingReport;
}

/** The stochastic model of a run, as `writeStochasticArtifacts` takes it. */
export interface StochasticArtifacts {
  readonly openingTree: OpeningTreeArtifact;
  /**
   * The correlation model used (the case's `correlation.json`, or an estimated one);
   * null writes the identity: a model without correlation groups, i.e. independent noise.
   */
  readonly correlation: CorrelationModel | null;
  /** Load statistics; the file is written when this holds rows. */
  readonly loadSeasonalStats?: readonly LoadSeasonalStat[];
  /** Present when estimation was performed. */
  readonly estimated?: EstimatedInflowModel;
}

export interface StochasticArtifactsOptions {
  /** Parquet settings (default: Zstd, as every output). */
  readonly parquet?: ParquetWriterConfig;
}

export interface StochasticArtifactsSummary {
  /** Absolute or caller-relative path of the `stochastic/` directory. */
  readonly directory: string;
  /** The files written, in order, by name. */
  readonly files: readonly StochasticArtifactFile[];
}

interface ParquetData {
  readonly columns: Readonly<Record<string, ColumnInput>>;
  readonly length: number;
}

/** Sorted copy by numeric keys, in order. */
function sorted<T>(rows: readonly T[], ...keys: ((r: T) => number)[]): T[] {
  return [...rows].sort((a, b) => {
    for (const k of keys) {
      const d = k(a) - k(b);
      if (d !== 0) return d;
    }
    return 0;
  });
}

function noiseOpeningColumns(tree: OpeningTreeArtifact): Result<ParquetData, OutputError> {
  const file = NOISE_OPENINGS_SCHEMA.path;
  const dim = tree.noiseDim;
  if (!Number.isInteger(dim) || dim < 0)
    return err(schemaError(file, "entity_index", `invalid noise dimension ${dim}`));
  if (tree.values.length !== tree.numOpenings.length) {
    return err(
      schemaError(file, "stage_id", `${tree.values.length} stages of values for ${tree.numOpenings.length} stages`),
    );
  }
  let length = 0;
  for (const [t, n] of tree.numOpenings.entries()) {
    if (tree.values[t]!.length !== n * dim) {
      return err(
        schemaError(file, "value", `stage ${t}: ${tree.values[t]!.length} values for ${n} openings × ${dim} entities`),
      );
    }
    length += n * dim;
  }
  const stage = new Int32Array(length);
  const opening = new Uint32Array(length);
  const entity = new Uint32Array(length);
  const value = new Float64Array(length);
  let i = 0;
  for (const [t, n] of tree.numOpenings.entries()) {
    const v = tree.values[t]!;
    for (let j = 0; j < n; j++) {
      for (let e = 0; e < dim; e++, i++) {
        stage[i] = t;
        opening[i] = j;
        entity[i] = e;
        value[i] = v[j * dim + e]!;
      }
    }
  }
  return ok({ columns: { stage_id: stage, opening_index: opening, entity_index: entity, value }, length });
}

function seasonalStatsColumns(rows: readonly InflowSeasonalStat[]): ParquetData {
  const r = sorted(
    rows,
    (x) => x.hydroId,
    (x) => x.stageId,
  );
  return {
    columns: {
      hydro_id: Int32Array.from(r, (x) => x.hydroId),
      stage_id: Int32Array.from(r, (x) => x.stageId),
      mean_m3s: Float64Array.from(r, (x) => x.meanM3s),
      std_m3s: Float64Array.from(r, (x) => x.stdM3s),
    },
    length: r.length,
  };
}

function arCoefficientColumns(rows: readonly InflowArCoefficientRow[]): ParquetData {
  const r = sorted(
    rows,
    (x) => x.hydroId,
    (x) => x.stageId,
    (x) => x.lag,
  );
  return {
    columns: {
      hydro_id: Int32Array.from(r, (x) => x.hydroId),
      stage_id: Int32Array.from(r, (x) => x.stageId),
      lag: Int32Array.from(r, (x) => x.lag),
      coefficient: Float64Array.from(r, (x) => x.coefficient),
      residual_std_ratio: Float64Array.from(r, (x) => x.residualStdRatio ?? 1),
    },
    length: r.length,
  };
}

function annualComponentColumns(rows: readonly InflowAnnualComponentRow[]): ParquetData {
  const r = sorted(
    rows,
    (x) => x.hydroId,
    (x) => x.stageId,
  );
  return {
    columns: {
      hydro_id: Int32Array.from(r, (x) => x.hydroId),
      stage_id: Int32Array.from(r, (x) => x.stageId),
      annual_coefficient: Float64Array.from(r, (x) => x.annualCoefficient),
      annual_mean_m3s: Float64Array.from(r, (x) => x.annualMeanM3s),
      annual_std_m3s: Float64Array.from(r, (x) => x.annualStdM3s),
    },
    length: r.length,
  };
}

function loadStatsColumns(rows: readonly LoadSeasonalStat[]): ParquetData {
  const r = sorted(
    rows,
    (x) => x.busId,
    (x) => x.stageId,
  );
  return {
    columns: {
      bus_id: Int32Array.from(r, (x) => x.busId),
      stage_id: Int32Array.from(r, (x) => x.stageId),
      mean_mw: Float64Array.from(r, (x) => x.meanMw),
      std_mw: Float64Array.from(r, (x) => x.stdMw),
    },
    length: r.length,
  };
}

/**
 * The on-disk `correlation.json` of a model, in the input format (`correlation_groups`,
 * `type`, `stage_id`, `profile_name`); null is the identity, a model without groups.
 */
export function correlationDocument(model: CorrelationModel | null): Record<string, unknown> {
  if (model === null) return { method: "spectral", profiles: {} };
  const profiles: Record<string, unknown> = {};
  for (const name of Object.keys(model.profiles).sort()) {
    profiles[name] = {
      correlation_groups: model.profiles[name]!.correlationGroups.map((g) => ({
        name: g.name,
        entities: g.entities.map((e) => ({ type: e.type, id: e.id })),
        matrix: g.matrix.map((row) => [...row]),
      })),
    };
  }
  return {
    method: model.method,
    profiles,
    ...(model.schedule === null
      ? {}
      : { schedule: model.schedule.map((s) => ({ stage_id: s.stageId, profile_name: s.profileName })) }),
  };
}

/** The on-disk `fitting_report.json`: `{ "hydros": { "<id>": { selected_order, aic_scores, coefficients } } }`. */
export function fittingReportDocument(report: FittingReport): Record<string, unknown> {
  const hydros: Record<string, unknown> = {};
  for (const h of sorted(report.hydros, (x) => x.hydroId)) {
    hydros[String(h.hydroId)] = {
      selected_order: h.selectedOrder,
      aic_scores: [...h.aicScores],
      coefficients: h.coefficients.map((row) => [...row]),
    };
  }
  return { hydros };
}

/**
 * Writes the stochastic artifacts of a run to `<outputDir>/stochastic/`.
 *
 * Each file has exactly the column names and Arrow types of the input file of the same
 * name (`stage_id` Int32 and `opening_index`/`entity_index` UInt32 in the opening tree,
 * Int32 ids and Float64 values elsewhere); rows are sorted by their keys. Every write is
 * atomic; stale artifact files of an earlier export are removed. Failures are
 * `OutputError`s (`SchemaError` for an inconsistent opening tree, `IoError` for the file
 * system, `SerializationError` for Parquet encoding); files written before a failure stay.
 *
 * @example
 * ```ts
 * const written = await writeStochasticArtifacts("out", {
 *   openingTree: { noiseDim: 1, numOpenings: [2], values: [Float64Array.of(-0.5, 0.5)] },
 *   correlation: null,
 * });
 * if (written.ok) console.log(written.value.files); // ["noise_openings.parquet", "correlation.json"]
 * ```
 */
export async function writeStochasticArtifacts(
  outputDir: string,
  artifacts: StochasticArtifacts,
  options: StochasticArtifactsOptions = {},
): Promise<Result<StochasticArtifactsSummary, OutputError>> {
  const tree = noiseOpeningColumns(artifacts.openingTree);
  if (!tree.ok) return tree;
  const directory = join(outputDir, STOCHASTIC_DIR);
  const made = await ensureDir(directory);
  if (!made.ok) return made;
  const files: StochasticArtifactFile[] = [];
  const parquet = async (schema: OutputSchema, data: ParquetData): Promise<Result<void, OutputError>> => {
    const written = await writeParquetFile(outputDir, schema, data, options.parquet);
    if (!written.ok) return written;
    files.push(schema.path.slice(STOCHASTIC_DIR.length + 1) as StochasticArtifactFile);
    return ok(undefined);
  };
  const json = async (name: StochasticArtifactFile, doc: unknown): Promise<Result<void, OutputError>> => {
    const written = await writeJsonAtomic(join(directory, name), doc);
    if (!written.ok) return written;
    files.push(name);
    return ok(undefined);
  };

  const steps: (() => Promise<Result<void, OutputError>>)[] = [];
  if (artifacts.openingTree.noiseDim > 0) steps.push(() => parquet(NOISE_OPENINGS_SCHEMA, tree.value));
  steps.push(() => json("correlation.json", correlationDocument(artifacts.correlation)));
  const load = artifacts.loadSeasonalStats;
  if (load !== undefined && load.length > 0)
    steps.push(() => parquet(LOAD_SEASONAL_STATS_SCHEMA, loadStatsColumns(load)));
  const est = artifacts.estimated;
  if (est?.seasonalStats !== undefined) {
    const rows = est.seasonalStats;
    steps.push(() => parquet(INFLOW_SEASONAL_STATS_SCHEMA, seasonalStatsColumns(rows)));
  }
  if (est?.arCoefficients !== undefined) {
    const rows = est.arCoefficients;
    steps.push(() => parquet(INFLOW_AR_COEFFICIENTS_SCHEMA, arCoefficientColumns(rows)));
  }
  if (est?.annualComponent !== undefined && est.annualComponent.length > 0) {
    const rows = est.annualComponent;
    steps.push(() => parquet(INFLOW_ANNUAL_COMPONENT_SCHEMA, annualComponentColumns(rows)));
  }
  if (est?.fittingReport !== undefined) {
    const report = est.fittingReport;
    steps.push(() => json("fitting_report.json", fittingReportDocument(report)));
  }
  for (const step of steps) {
    const r = await step();
    if (!r.ok) return r;
  }
  // A file of an earlier export that this run does not produce would describe another model.
  for (const name of STOCHASTIC_ARTIFACT_FILES) {
    if (files.includes(name)) continue;
    const stale = join(directory, name);
    try {
      await rm(stale, { force: true });
    } catch (e) {
      return err(ioError(stale, e));
    }
  }
  return ok({ directory, files });
}
