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
  /** Water balance rows per hydro: `v_out − v_in + ζ·(outflows − inflows) = −ζ·withdrawal`. */
  readonly waterRows: Int32Array;
  /** Outgoing and incoming storage columns per hydro. */
  readonly storageOut: Int32Array;
  readonly storageIn: Int32Array;
}

/** Adds `value` to the balance of the bus with id `busId` at block `k`, if the bus exists. */
export function addToBus(ctx: StageContext, busId: number, k: number, col: number, value: number): void {
  const bus = ctx.busPos.get(busId);
  if (bus !== undefined) ctx.b.set(ctx.loadRows[bus * ctx.K + k]!, col, value);
}

/**
 * Adds a stage-level water flow of hydro `h` into its balance. Outflows are positive
 * (they lower the end-of-stage storage), inflows negative; `zeta` converts m³/s to hm³.
 */
export function addWaterFlow(ctx: StageContext, hydroId: number, col: number, zeta: number): void {
  const h = ctx.hydroPos.get(hydroId);
  if (h !== undefined) ctx.b.set(ctx.waterRows[h]!, col, zeta);
}
