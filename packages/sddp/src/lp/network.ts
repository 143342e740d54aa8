/**
 * The electrical side of a stage: thermal generation, transmission lines (with losses
 * on the receiving end, as the Cobre book's network guide states), and the deficit
 * segments and excess slack that keep every bus balance feasible.
 */
import { isInService } from "@cobre/core";
import type { ScenarioInputs } from "../scenario/scenario-inputs";
import { INF, type StageContext, addToBus } from "./stage-context";
import type { StageLayout } from "./stage-layout";
import type { BoundScratch } from "./stage-patch";

export interface NetworkColumns {
  /** Per (thermal, block); −1 out of service. */
  readonly thermalCols: Int32Array;
  /** Per (line, block): direct and reverse flow; −1 out of service. */
  readonly lineDirectCols: Int32Array;
  readonly lineReverseCols: Int32Array;
  /** Per (bus, block): the columns of the deficit segments. */
  readonly deficitCols: readonly (readonly number[])[];
  readonly excessCols: Int32Array;
}

export function buildNetwork(ctx: StageContext): NetworkColumns {
  const { b, system, stage, K, hours } = ctx;
  const thermalCols = new Int32Array(system.thermals.length * K).fill(-1);
  system.thermals.forEach((th, i) => {
    if (!isInService(th, stage.id)) return;
    const tb = ctx.bounds.thermalBounds(th, stage);
    for (let k = 0; k < K; k++) {
      const col = b.addCol(tb.costPerMwh * hours[k]!, tb.minMw, tb.maxMw);
      thermalCols[i * K + k] = col;
      addToBus(ctx, th.busId, k, col, 1);
    }
  });

  // A flow F leaves its sending bus in full and arrives as F·(1 − losses/100).
  const L = system.lines.length;
  const lineDirectCols = new Int32Array(L * K).fill(-1);
  const lineReverseCols = new Int32Array(L * K).fill(-1);
  system.lines.forEach((line, i) => {
    if (!isInService(line, stage.id)) return;
    const keep = 1 - line.lossesPercent / 100;
    const exchangeCost = ctx.bounds.lineExchangeCost(line, stage);
    for (let k = 0; k < K; k++) {
      const cap = ctx.bounds.lineCapacity(line, stage, stage.blocks[k]!.id);
      const fd = b.addCol(exchangeCost * hours[k]!, 0, cap.directMw);
      const fr = b.addCol(exchangeCost * hours[k]!, 0, cap.reverseMw);
      lineDirectCols[i * K + k] = fd;
      lineReverseCols[i * K + k] = fr;
      addToBus(ctx, line.sourceBusId, k, fd, -1);
      addToBus(ctx, line.sourceBusId, k, fr, keep);
      addToBus(ctx, line.targetBusId, k, fd, keep);
      addToBus(ctx, line.targetBusId, k, fr, -1);
    }
  });

  const deficitCols: number[][] = [];
  const excessCols = new Int32Array(system.buses.length * K);
  system.buses.forEach((bus, i) => {
    const excessCost = ctx.bounds.busExcessCost(bus, stage);
    for (let k = 0; k < K; k++) {
      const segs: number[] = [];
      for (const seg of bus.deficitSegments) {
        const col = b.addCol(seg.cost * hours[k]!, 0, seg.depthMw ?? INF);
        b.set(ctx.loadRows[i * K + k]!, col, 1);
        segs.push(col);
      }
      deficitCols.push(segs);
      const ex = b.addCol(excessCost * hours[k]!, 0, INF);
      b.set(ctx.loadRows[i * K + k]!, ex, -1);
      excessCols[i * K + k] = ex;
    }
  });
  return { thermalCols, lineDirectCols, lineReverseCols, deficitCols, excessCols };
}

/**
 * Patch of the bus balance rows: each bus's load, `max(0, mean + std·ε)` MW (or the MW an
 * external scenario gives, `given[b]` not NaN) times the block factor, written into `out`
 * from entry `at`; the MW go to `lastLoadMw`. Returns the next free entry.
 */
export function patchLoadRows(
  layout: StageLayout,
  inputs: ScenarioInputs,
  t: number,
  noise: ArrayLike<number>,
  given: Float64Array | null | undefined,
  lastLoadMw: Float64Array,
  out: BoundScratch,
  at: number,
): number {
  const B = layout.numBuses;
  const K = layout.numBlocks;
  const factors = inputs.loadFactors[t]!;
  let r = at;
  for (let b = 0; b < B; b++) {
    const tb = t * inputs.numBuses + b;
    const slot = inputs.loadNoiseSlot[b]!;
    const eps = slot >= 0 ? noise[slot]! : 0;
    const value = given?.[b];
    const mw =
      value !== undefined && !Number.isNaN(value)
        ? value
        : Math.max(0, inputs.loadMeanMw[tb]! + inputs.loadStdMw[tb]! * eps);
    lastLoadMw[b] = mw;
    for (let k = 0; k < K; k++) {
      const load = mw * factors[b * K + k]!;
      out.index[r] = layout.loadRows[b * K + k]!;
      out.lower[r] = load;
      out.upper[r] = load;
      r++;
    }
  }
  return r;
}
