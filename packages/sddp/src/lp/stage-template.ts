/**
 * Builds the LP of one stage from the system: variables per block for every plant,
 * water balance per hydro, load balance per (bus, block), soft operational limits,
 * PAR inflow definition rows and the future-cost variable θ. Stochastic quantities
 * (inflow, load) are row bounds patched per scenario; the state enters as fixed
 * incoming-state columns whose reduced costs are the cut coefficients.
 */
import { type FphaHyperplane, type HydroProductionModel, isInService, type Stage, type System } from "@cobre/core";
import { resolveProduction } from "./production-model";
import type { ScenarioInputs } from "../scenario-inputs";
import { SparseLpBuilder, type SparseLp } from "./sparse-builder";
import type { StageBounds } from "./stage-bounds";
import type { StageLayout } from "./stage-layout";

/** hm³ per (m³/s · hour). */
export const M3S_HOUR_TO_HM3 = 0.0036;

export interface StageTemplateOptions {
  readonly inflowNonNegativity: { readonly method: string; readonly penaltyCost: number };
  /** Whether this is the last stage (θ fixed at zero). */
  readonly isLast: boolean;
  readonly discountFactor: number;
  readonly productionModels: readonly HydroProductionModel[];
  readonly fphaHyperplanes: readonly FphaHyperplane[];
}

export interface StageTemplate {
  readonly lp: SparseLp;
  readonly layout: StageLayout;
}

const INF = Number.POSITIVE_INFINITY;

export function buildStageTemplate(
  system: System,
  bounds: StageBounds,
  inputs: ScenarioInputs,
  stage: Stage,
  options: StageTemplateOptions,
): StageTemplate {
  const t = stage.index;
  const b = new SparseLpBuilder();
  const H = system.hydros.length;
  const B = system.buses.length;
  const K = stage.blocks.length;
  const P = inputs.lagOrder;
  const hours = stage.blocks.map((blk) => blk.hours);
  const zeta = hours.map((h) => h * M3S_HOUR_TO_HM3);
  const zetaTotal = zeta.reduce((s, z) => s + z, 0);
  const totalHours = hours.reduce((s, h) => s + h, 0);
  const busPos = new Map(system.buses.map((bus, i) => [bus.id, i]));
  const hydroPos = new Map(system.hydros.map((h, i) => [h.id, i]));

  // Load balance rows first so entries can be attached as columns are created.
  const loadRows = new Int32Array(B * K);
  for (let i = 0; i < B; i++) for (let k = 0; k < K; k++) loadRows[i * K + k] = b.addRow(0, 0);
  const waterRows = new Int32Array(H);
  for (let h = 0; h < H; h++) waterRows[h] = b.addRow(0, 0);
  const inflowRows = new Int32Array(H);
  for (let h = 0; h < H; h++) inflowRows[h] = b.addRow(0, 0);

  // State columns.
  const stateDim = H * (1 + P);
  const stateIn = new Int32Array(stateDim);
  const stateOut = new Int32Array(stateDim);
  const inflowCols = new Int32Array(H);
  const lagInCols = new Int32Array(H * P);
  for (let h = 0; h < H; h++) {
    const hydro = system.hydros[h]!;
    const hb = bounds.hydroBounds(hydro, stage);
    const vOut = b.addCol(0, hb.minStorageHm3, hb.maxStorageHm3);
    const vIn = b.addCol(0, 0, 0);
    stateOut[h] = vOut;
    stateIn[h] = vIn;
    b.set(waterRows[h]!, vOut, 1);
    b.set(waterRows[h]!, vIn, -1);
    const a = b.addCol(0, -INF, INF);
    inflowCols[h] = a;
    b.set(inflowRows[h]!, a, 1);
    b.set(waterRows[h]!, a, -zetaTotal);
  }
  for (let k = 1; k <= P; k++) {
    for (let h = 0; h < H; h++) {
      const col = b.addCol(0, 0, 0);
      lagInCols[(k - 1) * H + h] = col;
      stateIn[k * H + h] = col;
      const psi = inputs.inflowLagCoefficient[(t * H + h) * P + (k - 1)] ?? 0;
      b.set(inflowRows[h]!, col, -psi);
    }
  }
  // Outgoing lags: lag 1 is this stage's inflow, lag k is the incoming lag k−1.
  for (let k = 1; k <= P; k++) {
    for (let h = 0; h < H; h++) {
      stateOut[k * H + h] = k === 1 ? inflowCols[h]! : lagInCols[(k - 2) * H + h]!;
    }
  }
  const thetaCol = b.addCol(options.discountFactor, 0, options.isLast ? 0 : INF);

  // Inflow non-negativity slack: virtual inflow at a penalty.
  const inflowSlackCols = new Int32Array(H).fill(-1);
  const nn = options.inflowNonNegativity;
  if (nn.method === "penalty" || nn.method === "truncation_with_penalty") {
    for (let h = 0; h < H; h++) {
      const cost = system.hydros[h]!.penalties.inflowNonnegativityCost ?? nn.penaltyCost;
      const col = b.addCol(cost * totalHours, 0, INF);
      inflowSlackCols[h] = col;
      b.set(waterRows[h]!, col, -zetaTotal);
    }
  }

  // Hydro plants per block.
  const turbinedCols = new Int32Array(H * K).fill(-1);
  const spillageCols = new Int32Array(H * K).fill(-1);
  const generationCols = new Int32Array(H * K).fill(-1);
  for (let h = 0; h < H; h++) {
    const hydro = system.hydros[h]!;
    const hb = bounds.hydroBounds(hydro, stage);
    const pen = hydro.penalties;
    const production = resolveProduction(hydro, stage, options.productionModels);
    const rho = production.productivity;
    const isFpha = production.model === "fpha";
    const planes = isFpha ? stagePlanes(options.fphaHyperplanes, hydro.id, stage.id) : [];
    const bus = busPos.get(hydro.busId);
    const down = hydro.downstreamId === null ? undefined : hydroPos.get(hydro.downstreamId);
    const maxQ = rho > 0 ? Math.min(hb.maxTurbinedM3s, hb.maxGenerationMw / rho) : hb.maxTurbinedM3s;
    for (let k = 0; k < K; k++) {
      const q = b.addCol(isFpha ? pen.fphaTurbinedCost * hours[k]! : 0, 0, Math.max(0, maxQ));
      const s = b.addCol(pen.spillageCost * hours[k]!, 0, INF);
      turbinedCols[h * K + k] = q;
      spillageCols[h * K + k] = s;
      for (const col of [q, s]) {
        b.set(waterRows[h]!, col, zeta[k]!);
        if (down !== undefined) b.set(waterRows[down]!, col, -zeta[k]!);
      }
      if (isFpha) {
        // FPHA: generation bounded by every hyperplane, storage taken as the stage average.
        const g = b.addCol(0, 0, hb.maxGenerationMw);
        generationCols[h * K + k] = g;
        if (bus !== undefined) b.set(loadRows[bus * K + k]!, g, 1);
        for (const plane of planes) {
          const row = b.addRow(-INF, plane.gamma0 * plane.kappa);
          b.set(row, g, 1);
          b.set(row, stateOut[h]!, -plane.gammaV / 2);
          b.set(row, stateIn[h]!, -plane.gammaV / 2);
          b.set(row, q, -plane.gammaQ);
          b.set(row, s, -plane.gammaS);
        }
      } else if (bus !== undefined) b.set(loadRows[bus * K + k]!, q, rho);
      if (hb.minOutflowM3s > 0) {
        const row = b.addRow(hb.minOutflowM3s, INF);
        b.set(row, q, 1);
        b.set(row, s, 1);
        b.set(row, b.addCol(pen.outflowViolationBelowCost * hours[k]!, 0, INF), 1);
      }
      if (hb.maxOutflowM3s !== null) {
        const row = b.addRow(-INF, hb.maxOutflowM3s);
        b.set(row, q, 1);
        b.set(row, s, 1);
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
    if (hb.waterWithdrawalM3s !== 0) {
      // Withdrawal is a stage-level outflow target, met softly in both directions.
      const target = hb.waterWithdrawalM3s;
      const row = waterRows[h]!;
      b.set(row, b.addCol(0, target, target), zetaTotal);
      b.set(row, b.addCol(pen.waterWithdrawalViolationNegCost * totalHours, 0, INF), -zetaTotal);
      b.set(row, b.addCol(pen.waterWithdrawalViolationPosCost * totalHours, 0, INF), zetaTotal);
    }
  }

  // Thermal plants.
  const thermalCols = new Int32Array(system.thermals.length * K).fill(-1);
  system.thermals.forEach((th, i) => {
    if (!isInService(th, stage.id)) return;
    const tb = bounds.thermalBounds(th, stage);
    const bus = busPos.get(th.busId);
    for (let k = 0; k < K; k++) {
      const col = b.addCol(tb.costPerMwh * hours[k]!, tb.minMw, tb.maxMw);
      thermalCols[i * K + k] = col;
      if (bus !== undefined) b.set(loadRows[bus * K + k]!, col, 1);
    }
  });

  // Lines: direct flow leaves source and arrives at target; reverse the opposite.
  const L = system.lines.length;
  const lineDirectCols = new Int32Array(L * K).fill(-1);
  const lineReverseCols = new Int32Array(L * K).fill(-1);
  system.lines.forEach((line, i) => {
    if (!isInService(line, stage.id)) return;
    const src = busPos.get(line.sourceBusId);
    const tgt = busPos.get(line.targetBusId);
    const keep = 1 - line.lossesPercent / 100;
    for (let k = 0; k < K; k++) {
      const cap = bounds.lineCapacity(line, stage, stage.blocks[k]!.id);
      const fd = b.addCol(line.exchangeCost * hours[k]!, 0, cap.directMw);
      const fr = b.addCol(line.exchangeCost * hours[k]!, 0, cap.reverseMw);
      lineDirectCols[i * K + k] = fd;
      lineReverseCols[i * K + k] = fr;
      if (src !== undefined) {
        b.set(loadRows[src * K + k]!, fd, -1);
        b.set(loadRows[src * K + k]!, fr, keep);
      }
      if (tgt !== undefined) {
        b.set(loadRows[tgt * K + k]!, fd, keep);
        b.set(loadRows[tgt * K + k]!, fr, -1);
      }
    }
  });

  // Non-controllable sources: dispatched up to availability, curtailment penalised.
  const N = system.nonControllableSources.length;
  const ncsCols = new Int32Array(N * K).fill(-1);
  system.nonControllableSources.forEach((ncs, i) => {
    if (!isInService(ncs, stage.id)) return;
    const bus = busPos.get(ncs.busId);
    for (let k = 0; k < K; k++) {
      const col = b.addCol(-ncs.curtailmentCost * hours[k]!, 0, ncs.maxGenerationMw);
      ncsCols[i * K + k] = col;
      if (bus !== undefined) b.set(loadRows[bus * K + k]!, col, 1);
    }
  });

  // Deficit segments and excess.
  const deficitCols: number[][] = [];
  const excessCols = new Int32Array(B * K);
  system.buses.forEach((bus, i) => {
    for (let k = 0; k < K; k++) {
      const segs: number[] = [];
      for (const seg of bus.deficitSegments) {
        const col = b.addCol(seg.cost * hours[k]!, 0, seg.depthMw ?? INF);
        b.set(loadRows[i * K + k]!, col, 1);
        segs.push(col);
      }
      deficitCols.push(segs);
      const ex = b.addCol(bus.excessCost * hours[k]!, 0, INF);
      b.set(loadRows[i * K + k]!, ex, -1);
      excessCols[i * K + k] = ex;
    }
  });

  const layout: StageLayout = {
    stageIndex: t,
    numHydros: H,
    numBuses: B,
    numBlocks: K,
    lagOrder: P,
    stateDim,
    stateInCols: stateIn,
    stateOutCols: stateOut,
    thetaCol,
    discountFactor: options.discountFactor,
    inflowRows,
    inflowCols,
    loadRows,
    turbinedCols,
    spillageCols,
    generationCols,
    thermalCols,
    lineDirectCols,
    lineReverseCols,
    deficitCols,
    excessCols,
    ncsCols,
    waterRows,
    inflowSlackCols,
    numTemplateRows: b.numRows,
  };
  return { lp: b.build(), layout };
}

/** Planes of a hydro at a stage: the stage's own, else those valid for every stage. */
function stagePlanes(all: readonly FphaHyperplane[], hydroId: number, stageId: number): FphaHyperplane[] {
  const own = all.filter((p) => p.hydroId === hydroId && p.stageId === stageId);
  return own.length > 0 ? own : all.filter((p) => p.hydroId === hydroId && p.stageId === null);
}
