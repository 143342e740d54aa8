/** Result rows of the network of a solved stage: buses and transmission lines, per block. */
import type { BusColumns, ExchangeColumns } from "@cobre/io";
import { COST_SCALE } from "../lp/cost-scale";
import { OPERATING, type ScenarioShape, type SolvedStage, cols } from "./extract-columns";

/** Transmission line rows. */
export class ExchangeRows {
  private readonly c;

  constructor(shape: ScenarioShape, lines: number) {
    this.c = cols(shape.blocks * lines, {
      stageId: "i32",
      blockId: "i32",
      lineId: "i32",
      directFlowMw: "f64",
      reverseFlowMw: "f64",
      exchangeCost: "f64",
      operativeStateCode: "i8",
    });
  }

  /** Adds block `k`'s rows; returns the block's exchange cost (both directions). */
  addBlock(s: SolvedStage, k: number): number {
    const { system, stage, layout, x, K, cost } = s;
    const blockId = stage.blocks[k]!.id;
    let exchangeCost = 0;
    for (let i = 0; i < system.lines.length; i++) {
      const line = system.lines[i]!;
      const d = layout.lineDirectCols[i * K + k]!;
      const r = layout.lineReverseCols[i * K + k]!;
      const c = cost(d) + cost(r);
      exchangeCost += c;
      this.c.stageId.push(stage.id);
      this.c.blockId.push(blockId);
      this.c.lineId.push(line.id);
      this.c.directFlowMw.push(d < 0 ? 0 : x[d]!);
      this.c.reverseFlowMw.push(r < 0 ? 0 : x[r]!);
      this.c.exchangeCost.push(c);
      this.c.operativeStateCode.push(d < 0 ? 0 : OPERATING);
    }
    return exchangeCost;
  }

  columns(): ExchangeColumns {
    return this.c.finish();
  }
}

/** Bus rows: load, deficit, excess and the spot price (the load row's dual per hour). */
export class BusRows {
  private readonly c;

  constructor(shape: ScenarioShape, buses: number) {
    this.c = cols(shape.blocks * buses, {
      stageId: "i32",
      blockId: "i32",
      busId: "i32",
      loadMw: "f64",
      deficitMw: "f64",
      excessMw: "f64",
      spotPrice: "f64",
    });
  }

  /** Adds block `k`'s rows; returns the block's deficit and excess costs. */
  addBlock(s: SolvedStage, k: number): { deficitCost: number; excessCost: number } {
    const { t, system, stage, layout, x, y, K, hours, cost, solvers } = s;
    const blockId = stage.blocks[k]!.id;
    const inputs = s.study.inputs;
    let deficitCost = 0;
    let excessCost = 0;
    for (let b = 0; b < system.buses.length; b++) {
      const bus = system.buses[b]!;
      const segs = layout.deficitCols[b * K + k]!;
      let deficit = 0;
      for (const col of segs) {
        deficit += x[col]!;
        deficitCost += cost(col);
      }
      const ex = layout.excessCols[b * K + k]!;
      excessCost += cost(ex);
      const mw = solvers.lastLoadMw[b]!;
      this.c.stageId.push(stage.id);
      this.c.blockId.push(blockId);
      this.c.busId.push(bus.id);
      this.c.loadMw.push(mw * inputs.loadFactors[t]![b * K + k]!);
      this.c.deficitMw.push(deficit);
      this.c.excessMw.push(x[ex]!);
      this.c.spotPrice.push((COST_SCALE * y[layout.loadRows[b * K + k]!]!) / hours[k]!);
    }
    return { deficitCost, excessCost };
  }

  columns(): BusColumns {
    return this.c.finish();
  }
}
