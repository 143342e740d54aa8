/**
 * What every per-feature builder of a stage LP shares: the builder itself, the stage's
 * block durations and the rows that several features write into (bus balance per
 * block, water balance per hydro). Each feature module takes this context, adds its own
 * columns and rows, and returns the indices the rest of the engine needs.
 */
import type { Stage, System } from "@cobre/core";
import type { SparseLpBuilder } from "./sparse-builder";
import type { StageBounds } from "@cobre/core";

/** hm³ per (m³/s · hour). */
export const M3S_HOUR_TO_HM3 = 0.0036;

export const INF = Number.POSITIVE_INFINITY;

export interface StageContext {
  readonly b: SparseLpBuilder;
  readonly system: System;
  readonly bounds: StageBounds;
  readonly stage: Stage;
  /** Number of blocks of the stage. */
  readonly K: number;
  /** Block durations in hours. */
  readonly hours: readonly number[];
  /** hm³ per m³/s for each block: 0.0036 · hours. */
  readonly zeta: readonly number[];
  readonly zetaTotal: number;
  readonly totalHours: number;
  readonly busPos: ReadonlyMap<number, number>;
  readonly hydroPos: ReadonlyMap<number, number>;
  /** Bus balance rows, `[bus * K + block]`: injections +1, withdrawals −1, = load. */
  readonly loadRows: Int32Array;
  /**
   * Water balance rows, `[hydro * K + block]`. Parallel blocks share one row per hydro
   * (`v_out − v_in + Σ_k ζ_k·(outflows_k − inflows_k) = −ζ·withdrawal`); chronological
   * blocks have one row per block (`v_k − v_{k−1} + ζ_k·(outflows_k − inflows_k) = …`,
   * v_{−1} = v_in, v_{K−1} = v_out), so storage moves through the stage.
   */
  readonly waterRows: Int32Array;
  readonly chronological: boolean;
  /** Outgoing and incoming storage columns per hydro. */
  readonly storageOut: Int32Array;
  readonly storageIn: Int32Array;
  /** End-of-block storage columns, `[hydro * K + block]` (parallel blocks: v_out). */
  readonly storageBlockCols: Int32Array;
}

/**
 * Storage columns at the start and end of block k of hydro position h: the stage's v_in
 * and v_out for parallel blocks, the chained end-of-block storages for chronological ones.
 */
export function blockStorage(
  ctx: StageContext,
  h: number,
  k: number,
): { readonly start: number; readonly end: number } {
  if (!ctx.chronological) return { start: ctx.storageIn[h]!, end: ctx.storageOut[h]! };
  return {
    start: k === 0 ? ctx.storageIn[h]! : ctx.storageBlockCols[h * ctx.K + k - 1]!,
    end: ctx.storageBlockCols[h * ctx.K + k]!,
  };
}

/** Adds `value` to the balance of the bus with id `busId` at block `k`, if the bus exists. */
export function addToBus(ctx: StageContext, busId: number, k: number, col: number, value: number): void {
  const bus = ctx.busPos.get(busId);
  if (bus !== undefined) ctx.b.set(ctx.loadRows[bus * ctx.K + k]!, col, value);
}

/**
 * Adds a block flow (m³/s during block k) of the hydro with id `hydroId` to its balance:
 * `sign` +1 for an outflow (it lowers storage), −1 for an inflow.
 */
export function addWaterFlow(ctx: StageContext, hydroId: number, k: number, col: number, sign: number): void {
  const h = ctx.hydroPos.get(hydroId);
  if (h !== undefined) ctx.b.set(ctx.waterRows[h * ctx.K + k]!, col, sign * ctx.zeta[k]!);
}

/**
 * Adds a stage-level flow (one m³/s value for the whole stage: inflow, evaporation,
 * withdrawal slacks) of hydro position `h`: ζ_total in the parallel row, ζ_k in each
 * chronological block row (the same volume, spread over the blocks by duration).
 */
export function addStageWaterFlow(ctx: StageContext, h: number, col: number, sign: number): void {
  if (!ctx.chronological) {
    ctx.b.set(ctx.waterRows[h * ctx.K]!, col, sign * ctx.zetaTotal);
    return;
  }
  for (let k = 0; k < ctx.K; k++) ctx.b.set(ctx.waterRows[h * ctx.K + k]!, col, sign * ctx.zeta[k]!);
}

/** Sets the right-hand side of hydro h's balance to −rate·ζ (a fixed stage-level outflow). */
export function setStageWaterRhs(ctx: StageContext, h: number, rateM3s: number): void {
  if (!ctx.chronological) {
    const row = ctx.waterRows[h * ctx.K]!;
    ctx.b.setRowBounds(row, -ctx.zetaTotal * rateM3s, -ctx.zetaTotal * rateM3s);
    return;
  }
  for (let k = 0; k < ctx.K; k++) {
    const row = ctx.waterRows[h * ctx.K + k]!;
    ctx.b.setRowBounds(row, -ctx.zeta[k]! * rateM3s, -ctx.zeta[k]! * rateM3s);
  }
}
