/**
 * Independent-normal models for stochastic load and non-controllable source (NCS)
 * availability, per (entity, stage): x = mean + std · η, with η the entity's slot of the
 * same noise vector (opening tree or forward sample) that drives inflows.
 *
 * From the Cobre book: load (`load_seasonal_stats.parquet`, mean_mw / std_mw) is realised
 * as max(0, mean + std·η) MW, then multiplied by the block factor of load_factors.json;
 * NCS (`non_controllable_stats.parquet`, dimensionless mean / std) gives the availability
 * clamp(mean + std·η, 0, 1), multiplied by max_generation_mw and the block factor.
 */

import { ok } from "@cobre/core";
import { type StochasticResult, fail } from "./errors.js";

/** Row of `load_seasonal_stats.parquet`. */
export interface LoadSeasonalStat {
  readonly busId: number;
  readonly stageId: number;
  readonly meanMw: number;
  readonly stdMw: number;
}

/** Row of `non_controllable_stats.parquet`. */
export interface NcsSeasonalStat {
  readonly ncsId: number;
  readonly stageId: number;
  /** Mean availability factor in [0, 1]. */
  readonly mean: number;
  readonly std: number;
}

/** Mean and std per (stage, entity), stage-major: index = stage·nEntities + entity. */
export interface NormalModel {
  readonly nStages: number;
  readonly nEntities: number;
  readonly entityIds: readonly number[];
  readonly stageIds: readonly number[];
  readonly mean: Float64Array;
  readonly std: Float64Array;
}

/** Generic builder: one (mean, std) per (entity, stage); every pair must be present. */
export function buildNormalModel(
  entityIds: readonly number[],
  stageIds: readonly number[],
  rows: readonly { readonly entityId: number; readonly stageId: number; readonly mean: number; readonly std: number }[],
): StochasticResult<NormalModel> {
  const nE = entityIds.length;
  const nT = stageIds.length;
  const eIndex = new Map<number, number>();
  for (const [i, id] of entityIds.entries()) eIndex.set(id, i);
  const tIndex = new Map<number, number>();
  for (const [i, id] of stageIds.entries()) tIndex.set(id, i);
  const mean = new Float64Array(nE * nT);
  const std = new Float64Array(nE * nT);
  const seen = new Uint8Array(nE * nT);
  for (const r of rows) {
    const e = eIndex.get(r.entityId);
    const t = tIndex.get(r.stageId);
    if (e === undefined || t === undefined) continue;
    if (!Number.isFinite(r.mean) || !Number.isFinite(r.std) || r.std < 0) {
      return fail("InvalidInput", "mean must be finite and std finite and >= 0", {
        entityId: r.entityId,
        stageId: r.stageId,
      });
    }
    const i = t * nE + e;
    if (seen[i] === 1)
      return fail("InvalidInput", "duplicate (entity, stage) row", { entityId: r.entityId, stageId: r.stageId });
    seen[i] = 1;
    mean[i] = r.mean;
    std[i] = r.std;
  }
  for (let i = 0; i < seen.length; i++) {
    if (seen[i] === 0) {
      return fail("MissingData", "missing statistics for an (entity, stage)", {
        entityId: entityIds[i % nE] as number,
        stageId: stageIds[Math.floor(i / nE)] as number,
      });
    }
  }
  return ok({ nStages: nT, nEntities: nE, entityIds: [...entityIds], stageIds: [...stageIds], mean, std });
}

/** Load model from `load_seasonal_stats.parquet` rows. */
export function buildLoadModel(
  busIds: readonly number[],
  stageIds: readonly number[],
  rows: readonly LoadSeasonalStat[],
): StochasticResult<NormalModel> {
  return buildNormalModel(
    busIds,
    stageIds,
    rows.map((r) => ({ entityId: r.busId, stageId: r.stageId, mean: r.meanMw, std: r.stdMw })),
  );
}

/** NCS availability model from `non_controllable_stats.parquet` rows. */
export function buildNcsModel(
  ncsIds: readonly number[],
  stageIds: readonly number[],
  rows: readonly NcsSeasonalStat[],
): StochasticResult<NormalModel> {
  for (const r of rows) {
    if (!(r.mean >= 0 && r.mean <= 1))
      return fail("InvalidInput", "NCS mean availability must be in [0, 1]", { ncsId: r.ncsId, stageId: r.stageId });
  }
  return buildNormalModel(
    ncsIds,
    stageIds,
    rows.map((r) => ({ entityId: r.ncsId, stageId: r.stageId, mean: r.mean, std: r.std })),
  );
}
