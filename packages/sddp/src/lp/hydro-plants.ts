/**
 * Per-block hydro variables: turbined flow, spillage, diversion and (FPHA) generation,
 * their place in the water and bus balances, and the soft operational limits of the
 * Cobre book (min/max outflow, min turbined flow, min generation), each violation a
 * penalised slack applied per block at `cost · block hours`.
 */
import type { FphaHyperplane, HydroProductionModel } from "@cobre/core";
import { resolveProduction } from "./production-model";
import { INF, type StageContext, addToBus, blockStorage } from "./stage-context";

export interface HydroColumns {
  /** Per (hydro, block); −1 when absent. */
  readonly turbinedCols: Int32Array;
  readonly spillageCols: Int32Array;
  readonly diversionCols: Int32Array;
  /** FPHA generation per (hydro, block); −1 for productivity-based plants. */
  readonly generationCols: Int32Array;
  /** MW per m³/s per hydro at this stage (0 for FPHA plants). */
  readonly productivity: Float64Array;
}

export function buildHydroPlants(
  ctx: StageContext,
  productionModels: readonly HydroProductionModel[],
  fphaHyperplanes: readonly FphaHyperplane[],
): HydroColumns {
  const { b, system, stage, K, hours, zeta } = ctx;
  const H = system.hydros.length;
  const turbinedCols = new Int32Array(H * K).fill(-1);
  const spillageCols = new Int32Array(H * K).fill(-1);
  const diversionCols = new Int32Array(H * K).fill(-1);
  const generationCols = new Int32Array(H * K).fill(-1);
  const productivity = new Float64Array(H);
  for (let h = 0; h < H; h++) {
    const hydro = system.hydros[h]!;
    const hb = ctx.bounds.hydroBounds(hydro, stage);
    const pen = ctx.bounds.hydroPenalties(hydro, stage);
    const production = resolveProduction(hydro, stage, productionModels);
    const rho = production.productivity;
    productivity[h] = rho;
    const isFpha = production.model === "fpha";
    const planes = isFpha ? stagePlanes(fphaHyperplanes, hydro.id, stage.id) : [];
    const down = hydro.downstreamId === null ? undefined : ctx.hydroPos.get(hydro.downstreamId);
    const divert = hydro.diversion === null ? undefined : ctx.hydroPos.get(hydro.diversion.downstreamId);
    const maxQ = rho > 0 ? Math.min(hb.maxTurbinedM3s, hb.maxGenerationMw / rho) : hb.maxTurbinedM3s;
    for (let k = 0; k < K; k++) {
      const q = b.addCol(isFpha ? pen.fphaTurbinedCost * hours[k]! : 0, 0, Math.max(0, maxQ));
      const s = b.addCol(pen.spillageCost * hours[k]!, 0, INF);
      turbinedCols[h * K + k] = q;
      spillageCols[h * K + k] = s;
      // Turbined and spilled water leave this reservoir and reach the downstream one.
      for (const col of [q, s]) {
        b.set(ctx.waterRows[h * K + k]!, col, zeta[k]!);
        if (down !== undefined) b.set(ctx.waterRows[down * K + k]!, col, -zeta[k]!);
      }
      const outflowCols = [q, s];
      if (hydro.diversion !== null) {
        // Diversion bypasses the turbines into another reservoir, up to the channel capacity.
        const d = b.addCol(pen.diversionCost * hours[k]!, 0, hb.maxDiversionM3s ?? hydro.diversion.maxFlowM3s);
        diversionCols[h * K + k] = d;
        b.set(ctx.waterRows[h * K + k]!, d, zeta[k]!);
        if (divert !== undefined) b.set(ctx.waterRows[divert * K + k]!, d, -zeta[k]!);
        outflowCols.push(d);
      }
      if (isFpha) {
        // FPHA: generation below every hyperplane, at the block's average storage (the
        // stage average for parallel blocks, the block's own for chronological ones).
        const g = b.addCol(0, 0, hb.maxGenerationMw);
        generationCols[h * K + k] = g;
        addToBus(ctx, hydro.busId, k, g, 1);
        const storage = blockStorage(ctx, h, k);
        for (const plane of planes) {
          const row = b.addRow(-INF, plane.gamma0 * plane.kappa);
          b.set(row, g, 1);
          b.set(row, storage.end, -plane.gammaV / 2);
          b.set(row, storage.start, -plane.gammaV / 2);
          b.set(row, q, -plane.gammaQ);
          b.set(row, s, -plane.gammaS);
        }
      } else addToBus(ctx, hydro.busId, k, q, rho);
      if (hb.minOutflowM3s > 0) {
        const row = b.addRow(hb.minOutflowM3s, INF);
        for (const col of outflowCols) b.set(row, col, 1);
        b.set(row, b.addCol(pen.outflowViolationBelowCost * hours[k]!, 0, INF), 1);
      }
      if (hb.maxOutflowM3s !== null) {
        const row = b.addRow(-INF, hb.maxOutflowM3s);
        for (const col of outflowCols) b.set(row, col, 1);
        b.set(row, b.addCol(pen.outflowViolationAboveCost * hours[k]!, 0, INF), -1);
      }
      if (hb.minTurbinedM3s > 0) {
        const row = b.addRow(hb.minTurbinedM3s, INF);
        b.set(row, q, 1);
        b.set(row, b.addCol(pen.turbinedViolationBelowCost * hours[k]!, 0, INF), 1);
      }
      if (hb.minGenerationMw > 0 && (rho > 0 || isFpha)) {
        const row = b.addRow(hb.minGenerationMw, INF);
        if (isFpha) b.set(row, generationCols[h * K + k]!, 1);
        else b.set(row, q, rho);
        b.set(row, b.addCol(pen.generationViolationBelowCost * hours[k]!, 0, INF), 1);
      }
    }
  }
  return { turbinedCols, spillageCols, diversionCols, generationCols, productivity };
}

/** Planes of a hydro at a stage: the stage's own, else those valid for every stage. */
function stagePlanes(all: readonly FphaHyperplane[], hydroId: number, stageId: number): FphaHyperplane[] {
  const own = all.filter((p) => p.hydroId === hydroId && p.stageId === stageId);
  return own.length > 0 ? own : all.filter((p) => p.hydroId === hydroId && p.stageId === null);
}
