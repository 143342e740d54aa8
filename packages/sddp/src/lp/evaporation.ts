/**
 * Reservoir evaporation, linearised on the surface area of `hydro_geometry.parquet`.
 *
 * The evaporated volume of a month is `c_mm · A(v)` (mm · km² = 10³ m³). As a flow over
 * the stage's hours T this is `Q_ev = c · A(v) / (3.6 · T)` m³/s. Around a reference
 * volume v_ref (the month's `reference_volumes_hm3`, else the middle of the storage
 * range) the area is linear, A(v) ≈ A(v_ref) + A'(v_ref)·(v − v_ref), so
 *   Q_ev = k0 + kv · v̄,   kv = c·A'/(3.6T),   k0 = c·A(v_ref)/(3.6T) − kv·v_ref,
 * evaluated at the stage-average storage v̄ = (v_in + v_out)/2. The row is soft: two
 * slacks (under/over-evaporation) carry the evaporation violation costs times the stage
 * hours. Q_ev leaves the reservoir like any other outflow.
 */
import type { Hydro, HydroGeometryPoint, Stage } from "@cobre/core";
import { INF, type StageContext, addStageWaterFlow } from "./stage-context";

/** Q_ev ≤ this multiple of the evaporation at maximum storage (keeps the column bounded). */
const Q_EV_HEADROOM = 2;

interface EvaporationCoefficients {
  readonly k0: number;
  readonly kv: number;
}

/** Evaporation column per hydro (−1 without evaporation). */
export interface EvaporationColumns {
  readonly evaporationCols: Int32Array;
}

export function buildEvaporation(ctx: StageContext, geometry: readonly HydroGeometryPoint[]): EvaporationColumns {
  const { b, system, stage, totalHours } = ctx;
  const H = system.hydros.length;
  const evaporationCols = new Int32Array(H).fill(-1);
  for (let h = 0; h < H; h++) {
    const hydro = system.hydros[h]!;
    if (hydro.evaporation === null) continue;
    const points = geometry.filter((p) => p.hydroId === hydro.id).sort((x, y) => x.volumeHm3 - y.volumeHm3);
    const coeff = evaporationCoefficients(hydro, points, stage, totalHours);
    if (coeff === undefined) continue;
    const maxStorage = ctx.bounds.hydroBounds(hydro, stage).maxStorageHm3;
    const qMax = Math.max(0, coeff.k0 + coeff.kv * maxStorage) * Q_EV_HEADROOM;
    const qEv = b.addCol(0, 0, qMax);
    const pen = ctx.bounds.hydroPenalties(hydro, stage);
    const under = b.addCol(pen.evaporationViolationNegCost * totalHours, 0, INF);
    const over = b.addCol(pen.evaporationViolationPosCost * totalHours, 0, INF);
    // Q_ev − kv/2·(v_out + v_in) + under − over = k0
    const row = b.addRow(coeff.k0, coeff.k0);
    b.set(row, qEv, 1);
    b.set(row, ctx.storageOut[h]!, -coeff.kv / 2);
    b.set(row, ctx.storageIn[h]!, -coeff.kv / 2);
    b.set(row, under, 1);
    b.set(row, over, -1);
    addStageWaterFlow(ctx, h, qEv, 1);
    evaporationCols[h] = qEv;
  }
  return { evaporationCols };
}

/** Linearised coefficients of one hydro at one stage; undefined without usable geometry. */
function evaporationCoefficients(
  hydro: Hydro,
  points: readonly HydroGeometryPoint[],
  stage: Stage,
  totalHours: number,
): EvaporationCoefficients | undefined {
  const evap = hydro.evaporation;
  if (evap === null || points.length === 0 || totalHours <= 0) return undefined;
  const month = stageMonth(stage);
  const c = evap.coefficientsMm[month] ?? 0;
  const vRef = evap.referenceVolumesHm3?.[month] ?? (hydro.minStorageHm3 + hydro.maxStorageHm3) / 2;
  const area = areaAt(points, vRef);
  const slope = areaSlopeAt(points, vRef);
  const scale = c / (3.6 * totalHours);
  const kv = scale * slope;
  return { k0: scale * area - kv * vRef, kv };
}

/** Calendar month (0 = January): the stage's season when it has one, else its start date. */
function stageMonth(stage: Stage): number {
  if (stage.seasonId !== null && stage.seasonId >= 0 && stage.seasonId < 12) return stage.seasonId;
  const m = /^\d{4}-(\d{2})/.exec(stage.startDate);
  return m === null ? 0 : Number(m[1]) - 1;
}

/** Surface area at volume v, interpolated linearly and clamped to the table. */
function areaAt(points: readonly HydroGeometryPoint[], v: number): number {
  const first = points[0]!;
  const last = points[points.length - 1]!;
  if (v <= first.volumeHm3) return first.areaKm2;
  if (v >= last.volumeHm3) return last.areaKm2;
  const i = segmentOf(points, v);
  const p = points[i]!;
  const q = points[i + 1]!;
  return p.areaKm2 + ((q.areaKm2 - p.areaKm2) * (v - p.volumeHm3)) / (q.volumeHm3 - p.volumeHm3);
}

/**
 * dA/dv at v: the slope of the segment starting at v (a breakpoint belongs to the
 * segment on its right), the end segments beyond the table.
 */
function areaSlopeAt(points: readonly HydroGeometryPoint[], v: number): number {
  if (points.length < 2) return 0;
  const i = segmentOf(points, v);
  const p = points[i]!;
  const q = points[i + 1]!;
  const dv = q.volumeHm3 - p.volumeHm3;
  return dv === 0 ? 0 : (q.areaKm2 - p.areaKm2) / dv;
}

/** Index i of the segment [i, i+1] holding v (first/last segment outside the table). */
function segmentOf(points: readonly HydroGeometryPoint[], v: number): number {
  let i = 0;
  while (i < points.length - 2 && points[i + 1]!.volumeHm3 <= v) i++;
  return i;
}
