/**
 * Builds the LP of one stage from the system. The state (storage and inflow lags) and
 * the PAR inflow rows live here; every other feature is added by its own builder
 * (hydro plants, evaporation, withdrawal, network, NCS, pumping, contracts, generic
 * constraints) through a shared {@link StageContext}. Stochastic quantities (inflow,
 * load, NCS availability) are bounds patched per scenario; the state enters as fixed
 * incoming-state columns whose reduced costs are the cut coefficients.
 */
import type { FphaHyperplane, HydroGeometryPoint, HydroProductionModel, Stage, System } from "@cobre/core";
import type { ScenarioInputs } from "../scenario/scenario-inputs";
import { buildContracts } from "./contracts";
import { buildEvaporation } from "./evaporation";
import { buildGenericConstraints } from "./generic-constraints";
import { buildHydroPlants } from "./hydro-plants";
import { buildNetwork } from "./network";
import { buildNonControllable } from "./non-controllable";
import { buildPumping } from "./pumping";
import { SparseLpBuilder, type SparseLp } from "./sparse-builder";
import type { StageBounds } from "@cobre/core";
import { INF, M3S_HOUR_TO_HM3, type StageContext } from "./stage-context";
import type { StageLayout } from "./stage-layout";
import type { BoundScratch } from "./stage-patch";
import { buildWithdrawal } from "./withdrawal";

export interface StageTemplateOptions {
  readonly inflowNonNegativity: { readonly method: string; readonly penaltyCost: number };
  /** Whether this is the last stage (θ fixed at zero). */
  readonly isLast: boolean;
  readonly discountFactor: number;
  readonly productionModels: readonly HydroProductionModel[];
  /** Precomputed planes plus those fitted from geometry (see `resolveFphaHyperplanes`). */
  readonly fphaHyperplanes: readonly FphaHyperplane[];
  /** `hydro_geometry.parquet` rows (evaporation); empty when absent. */
  readonly hydroGeometry?: readonly HydroGeometryPoint[];
}

export interface StageTemplate {
  readonly lp: SparseLp;
  readonly layout: StageLayout;
}

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

  // Rows shared by several features come first so entries can be attached as columns are created.
  const loadRows = new Int32Array(B * K);
  for (let i = 0; i < B * K; i++) loadRows[i] = b.addRow(0, 0);
  // Water balance: one row per hydro, or one per (hydro, block) for chronological blocks.
  const chronological = stage.blockMode === "chronological" && K > 1;
  const waterRows = new Int32Array(H * K);
  for (let h = 0; h < H; h++) {
    for (let k = 0; k < K; k++) waterRows[h * K + k] = chronological || k === 0 ? b.addRow(0, 0) : waterRows[h * K]!;
  }
  /** A stage-level flow: ζ_total in the single row, or ζ_k in each block row. */
  const stageFlow = (h: number, col: number, sign: number): void => {
    if (!chronological) b.set(waterRows[h * K]!, col, sign * zetaTotal);
    else for (let k = 0; k < K; k++) b.set(waterRows[h * K + k]!, col, sign * zeta[k]!);
  };
  const inflowRows = new Int32Array(H);
  for (let h = 0; h < H; h++) inflowRows[h] = b.addRow(0, 0);

  // State columns: v_out − v_in − ζ·a + … = 0 in the water balance.
  const stateDim = H * (1 + P);
  const stateIn = new Int32Array(stateDim);
  const stateOut = new Int32Array(stateDim);
  const inflowCols = new Int32Array(H);
  const lagInCols = new Int32Array(H * P);
  const storageBlockCols = new Int32Array(H * K);
  for (let h = 0; h < H; h++) {
    const hb = bounds.hydroBounds(system.hydros[h]!, stage);
    const vOut = b.addCol(0, hb.minStorageHm3, hb.maxStorageHm3);
    const vIn = b.addCol(0, 0, 0);
    stateOut[h] = vOut;
    stateIn[h] = vIn;
    if (!chronological) {
      b.set(waterRows[h * K]!, vOut, 1);
      b.set(waterRows[h * K]!, vIn, -1);
      storageBlockCols.fill(vOut, h * K, (h + 1) * K);
    } else {
      // v_k − v_{k−1} + …: end-of-block storages within the stage's bounds, the last one v_out.
      let previous = vIn;
      for (let k = 0; k < K; k++) {
        const vk = k === K - 1 ? vOut : b.addCol(0, hb.minStorageHm3, hb.maxStorageHm3);
        b.set(waterRows[h * K + k]!, vk, 1);
        b.set(waterRows[h * K + k]!, previous, -1);
        storageBlockCols[h * K + k] = vk;
        previous = vk;
      }
    }
    const a = b.addCol(0, -INF, INF);
    inflowCols[h] = a;
    b.set(inflowRows[h]!, a, 1);
    stageFlow(h, a, -1);
  }
  // PAR rows: a − Σ_k ψ_k·lag_k = base + scale·ε (right-hand side patched per scenario).
  for (let k = 1; k <= P; k++) {
    for (let h = 0; h < H; h++) {
      const col = b.addCol(0, 0, 0);
      lagInCols[(k - 1) * H + h] = col;
      stateIn[k * H + h] = col;
      const psi = inputs.inflowLagCoefficient[(t * H + h) * P + (k - 1)] ?? 0;
      if (psi !== 0) b.set(inflowRows[h]!, col, -psi);
    }
  }
  // Outgoing lags: lag 1 is this stage's inflow, lag k is the incoming lag k−1 — unless a
  // multi-resolution transition says otherwise (frozen lags, period averages,
  // accumulator); a slot that is not a plain copy gets its own column and defining row.
  const transition = inputs.lagTransitions[t] ?? null;
  for (let k = 1; k <= P; k++) {
    for (let h = 0; h < H; h++) {
      if (transition === null) {
        stateOut[k * H + h] = k === 1 ? inflowCols[h]! : lagInCols[(k - 2) * H + h]!;
        continue;
      }
      const def = transition[k - 1]!;
      const only = def.terms[0];
      if (def.inflow === 0 && def.terms.length === 1 && only !== undefined && only[1] === 1) {
        stateOut[k * H + h] = lagInCols[only[0] * H + h]!;
      } else if (def.inflow === 1 && def.terms.length === 0) {
        stateOut[k * H + h] = inflowCols[h]!;
      } else {
        const col = b.addCol(0, -INF, INF);
        const row = b.addRow(0, 0);
        b.set(row, col, 1);
        if (def.inflow !== 0) b.set(row, inflowCols[h]!, -def.inflow);
        for (const [slot, coef] of def.terms) b.set(row, lagInCols[slot * H + h]!, -coef);
        stateOut[k * H + h] = col;
      }
    }
  }
  const thetaCol = b.addCol(options.discountFactor, 0, options.isLast ? 0 : INF);

  // Inflow non-negativity slack: virtual inflow at a penalty per m³/s over the stage hours.
  const inflowSlackCols = new Int32Array(H).fill(-1);
  const nn = options.inflowNonNegativity;
  if (nn.method === "penalty" || nn.method === "truncation_with_penalty") {
    for (let h = 0; h < H; h++) {
      const cost = bounds.hydroPenalties(system.hydros[h]!, stage).inflowNonnegativityCost ?? nn.penaltyCost;
      const col = b.addCol(cost * totalHours, 0, INF);
      inflowSlackCols[h] = col;
      stageFlow(h, col, -1);
    }
  }

  const ctx: StageContext = {
    b,
    system,
    bounds,
    stage,
    K,
    hours,
    zeta,
    zetaTotal,
    totalHours,
    busPos: new Map(system.buses.map((bus, i) => [bus.id, i])),
    hydroPos: new Map(system.hydros.map((h, i) => [h.id, i])),
    loadRows,
    waterRows,
    chronological,
    storageOut: stateOut.subarray(0, H),
    storageIn: stateIn.subarray(0, H),
    storageBlockCols,
  };
  const hydro = buildHydroPlants(ctx, options.productionModels, options.fphaHyperplanes);
  const evaporation = buildEvaporation(ctx, options.hydroGeometry ?? []);
  const withdrawal = buildWithdrawal(ctx);
  const network = buildNetwork(ctx);
  const { ncsCols } = buildNonControllable(ctx, inputs);
  const { pumpingCols } = buildPumping(ctx);
  const { contractCols } = buildContracts(ctx);
  const generic = buildGenericConstraints(ctx, {
    storageOut: ctx.storageOut,
    evaporationCols: evaporation.evaporationCols,
    withdrawalScheduledM3s: withdrawal.scheduledM3s,
    withdrawalUnderCols: withdrawal.underCols,
    withdrawalOverCols: withdrawal.overCols,
    ...hydro,
    ...network,
    pumpingCols,
    contractCols,
    ncsCols,
  });

  const layout: StageLayout = {
    stageIndex: t,
    numHydros: H,
    numBuses: B,
    numBlocks: K,
    lagOrder: P,
    inflowLagSlots: inputs.inflowLagSlots,
    stateDim,
    stateInCols: stateIn,
    stateOutCols: stateOut,
    thetaCol,
    discountFactor: options.discountFactor,
    inflowRows,
    inflowCols,
    loadRows,
    ...hydro,
    ...network,
    ncsCols,
    pumpingCols,
    contractCols,
    evaporationCols: evaporation.evaporationCols,
    withdrawalScheduledM3s: withdrawal.scheduledM3s,
    withdrawalUnderCols: withdrawal.underCols,
    withdrawalOverCols: withdrawal.overCols,
    genericConstraintRows: generic.rows,
    waterRows,
    storageBlockCols,
    inflowSlackCols,
    numTemplateRows: b.numRows,
  };
  return { lp: b.build(), layout };
}

/** Patch of the state: fixes the incoming-state columns at `stateIn`. Returns the entries written. */
export function patchIncomingState(layout: StageLayout, stateIn: ArrayLike<number>, out: BoundScratch): number {
  const dim = layout.stateDim;
  for (let s = 0; s < dim; s++) {
    out.index[s] = layout.stateInCols[s]!;
    out.lower[s] = stateIn[s]!;
    out.upper[s] = stateIn[s]!;
  }
  return dim;
}

/**
 * Patch of the PAR inflow rows `a − Σψ·lag = base + scale·ε`, written into `out` from
 * entry `at`: the noise sets each right-hand side, truncated at zero inflow when
 * `truncate`; an inflow an external scenario gives (`given[h]`, not NaN) is imposed
 * whatever the lags. Returns the next free entry.
 */
export function patchInflowRows(
  layout: StageLayout,
  inputs: ScenarioInputs,
  t: number,
  stateIn: ArrayLike<number>,
  noise: ArrayLike<number>,
  given: Float64Array | null | undefined,
  truncate: boolean,
  out: BoundScratch,
  at: number,
): number {
  const H = layout.numHydros;
  const P = layout.lagOrder;
  let r = at;
  for (let h = 0; h < H; h++) {
    const th = t * H + h;
    let rhs = inputs.inflowBase[th]! + inputs.inflowNoiseScale[th]! * noise[h]!;
    const value = given?.[h];
    const imposed = value !== undefined && !Number.isNaN(value);
    if (imposed || truncate) {
      // The inflow itself is a = rhs + Σψ·lag.
      let lagPart = 0;
      for (let k = 1; k <= P; k++) lagPart += inputs.inflowLagCoefficient[th * P + k - 1]! * stateIn[k * H + h]!;
      if (imposed) rhs = value - lagPart;
      else if (rhs + lagPart < 0) rhs = -lagPart;
    }
    out.index[r] = layout.inflowRows[h]!;
    out.lower[r] = rhs;
    out.upper[r] = rhs;
    r++;
  }
  return r;
}
