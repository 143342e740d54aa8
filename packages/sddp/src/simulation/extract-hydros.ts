/**
 * Result rows of the water side of a solved stage: hydro plants (per block), pumping
 * stations (per block) and the outgoing inflow lags (per stage).
 */
import type { HydroColumns, InflowLagColumns, PumpingStationColumns } from "@cobre/io";
import { COST_SCALE } from "../lp/cost-scale";
import { resolveProduction } from "../lp/production-model";
import { OPERATING, type ScenarioShape, type SolvedStage, cols } from "./extract-columns";

/** Hydro rows: per block; storage and water value are stage quantities repeated per block. */
export class HydroRows {
  private readonly c;

  constructor(private readonly shape: ScenarioShape) {
    this.c = cols(shape.blocks * shape.upstream.length, {
      stageId: "i32",
      blockId: "i32",
      hydroId: "i32",
      turbinedM3s: "f64",
      spillageM3s: "f64",
      incrementalInflowM3s: "f64",
      inflowM3s: "f64",
      storageInitialHm3: "f64",
      storageFinalHm3: "f64",
      generationMw: "f64",
      productivityMwPerM3s: "f64",
      spillageCost: "f64",
      waterValuePerHm3: "f64",
      storageBindingCode: "i8",
      inflowNonnegativitySlackM3s: "f64",
      evaporationM3s: "f64",
      divertedInflowM3s: "f64",
      divertedOutflowM3s: "f64",
      waterWithdrawalViolationPosM3s: "f64",
      waterWithdrawalViolationNegM3s: "f64",
    });
  }

  add(s: SolvedStage): void {
    const { system, stage, layout, lp, x, y, K, H, cost } = s;
    const { upstream: upstreamOf, divertedFrom } = this.shape;
    // The production model is a stage property: resolved once per hydro, not per block.
    const rhos: (number | undefined)[] = new Array(H);
    for (let k = 0; k < K; k++) {
      for (let h = 0; h < H; h++) {
        const hydro = system.hydros[h]!;
        const q = layout.turbinedCols[h * K + k]!;
        const sp = layout.spillageCols[h * K + k]!;
        const g = layout.generationCols[h * K + k]!;
        const incremental = x[layout.inflowCols[h]!]!;
        let upstream = 0;
        for (const u of upstreamOf[h]!) {
          upstream += x[layout.turbinedCols[u * K + k]!]! + x[layout.spillageCols[u * K + k]!]!;
        }
        let rho = Number.NaN;
        if (g < 0) {
          rho = rhos[h] ?? resolveProduction(hydro, stage, s.study.case.productionModels).productivity;
          rhos[h] = rho;
        }
        // Chronological blocks report each block's own storage path; parallel ones the stage's.
        const chronological = K > 1 && layout.storageBlockCols[h * K] !== layout.stateOutCols[h];
        const vIn = x[chronological && k > 0 ? layout.storageBlockCols[h * K + k - 1]! : layout.stateInCols[h]!]!;
        const vCol = layout.storageBlockCols[h * K + k]!;
        const vOut = x[vCol]!;
        const binding = vOut <= lp.colLower[vCol]! + 1e-6 ? 1 : vOut >= lp.colUpper[vCol]! - 1e-6 ? 2 : 0;
        const slack = layout.inflowSlackCols[h]!;
        const c = this.c;
        c.stageId.push(stage.id);
        c.blockId.push(stage.blocks[k]!.id);
        c.hydroId.push(hydro.id);
        c.turbinedM3s.push(x[q]!);
        c.spillageM3s.push(x[sp]!);
        c.incrementalInflowM3s.push(incremental);
        c.inflowM3s.push(incremental + upstream);
        c.storageInitialHm3.push(vIn);
        c.storageFinalHm3.push(vOut);
        c.generationMw.push(g >= 0 ? x[g]! : rho * x[q]!);
        c.productivityMwPerM3s.push(rho);
        c.spillageCost.push(cost(sp));
        c.waterValuePerHm3.push(COST_SCALE * y[layout.waterRows[h * K + k]!]!);
        c.storageBindingCode.push(binding);
        c.inflowNonnegativitySlackM3s.push(slack >= 0 ? x[slack]! : 0);
        const ev = layout.evaporationCols[h]!;
        c.evaporationM3s.push(ev >= 0 ? x[ev]! : Number.NaN);
        const div = layout.diversionCols[h * K + k]!;
        c.divertedOutflowM3s.push(hydro.diversion === null ? Number.NaN : div >= 0 ? x[div]! : 0);
        let divertedIn = 0;
        const sources = divertedFrom[h]!;
        for (const u of sources) {
          const col = layout.diversionCols[u * K + k]!;
          if (col >= 0) divertedIn += x[col]!;
        }
        c.divertedInflowM3s.push(sources.length > 0 ? divertedIn : Number.NaN);
        const over = layout.withdrawalOverCols[h]!;
        const under = layout.withdrawalUnderCols[h]!;
        c.waterWithdrawalViolationPosM3s.push(over >= 0 ? x[over]! : 0);
        c.waterWithdrawalViolationNegM3s.push(under >= 0 ? x[under]! : 0);
      }
    }
  }

  columns(): HydroColumns {
    return this.c.finish();
  }
}

/** Pumping station rows, per block. */
export class PumpingRows {
  private readonly c;

  constructor(shape: ScenarioShape, stations: number) {
    this.c = cols(shape.blocks * stations, {
      stageId: "i32",
      blockId: "i32",
      pumpingStationId: "i32",
      pumpedFlowM3s: "f64",
      powerConsumptionMw: "f64",
      operativeStateCode: "i8",
    });
  }

  add(s: SolvedStage): void {
    const { system, stage, layout, x, K } = s;
    for (let k = 0; k < K; k++) {
      const blockId = stage.blocks[k]!.id;
      for (let i = 0; i < system.pumpingStations.length; i++) {
        const ps = system.pumpingStations[i]!;
        const col = layout.pumpingCols[i * K + k]!;
        const flow = col < 0 ? 0 : x[col]!;
        this.c.stageId.push(stage.id);
        this.c.blockId.push(blockId);
        this.c.pumpingStationId.push(ps.id);
        this.c.pumpedFlowM3s.push(flow);
        this.c.powerConsumptionMw.push(flow * ps.consumptionMwPerM3s);
        this.c.operativeStateCode.push(col < 0 ? 0 : OPERATING);
      }
    }
  }

  columns(): PumpingStationColumns {
    return this.c.finish();
  }
}

/** Outgoing inflow lags: one row per (stage, hydro, lag), stage-level. */
export class InflowLagRows {
  private readonly c;

  constructor(shape: ScenarioShape) {
    this.c = cols(shape.lagRows, { stageId: "i32", hydroId: "i32", lagIndex: "i32", inflowM3s: "f64" });
  }

  add(s: SolvedStage): void {
    const { system, stage, layout, x, H } = s;
    for (let k = 1; k <= layout.inflowLagSlots; k++) {
      for (let h = 0; h < H; h++) {
        this.c.stageId.push(stage.id);
        this.c.hydroId.push(system.hydros[h]!.id);
        this.c.lagIndex.push(k);
        this.c.inflowM3s.push(x[layout.stateOutCols[k * H + h]!]!);
      }
    }
  }

  columns(): InflowLagColumns {
    return this.c.finish();
  }
}
