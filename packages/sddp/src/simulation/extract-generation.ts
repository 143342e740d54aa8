/**
 * Result rows of the power sources of a solved stage other than hydros: thermal plants,
 * non-controllable sources and energy contracts, per block.
 */
import type { ContractColumns, NonControllableColumns, ThermalColumns } from "@cobre/io";
import { OPERATING, type ScenarioShape, type SolvedStage, cols } from "./extract-columns";

/** Thermal rows. */
export class ThermalRows {
  private readonly c;

  constructor(shape: ScenarioShape, thermals: number) {
    this.c = cols(
      shape.blocks * thermals,
      "stageId",
      "blockId",
      "thermalId",
      "generationMw",
      "generationCost",
      "operativeStateCode",
    );
  }

  /** Adds block `k`'s rows; returns the block's thermal cost. */
  addBlock(s: SolvedStage, k: number): number {
    const { system, stage, layout, x, K, cost } = s;
    const blockId = stage.blocks[k]!.id;
    let thermalCost = 0;
    for (let i = 0; i < system.thermals.length; i++) {
      const th = system.thermals[i]!;
      const col = layout.thermalCols[i * K + k]!;
      const c = cost(col);
      thermalCost += c;
      this.c.stageId.push(stage.id);
      this.c.blockId.push(blockId);
      this.c.thermalId.push(th.id);
      this.c.generationMw.push(col < 0 ? 0 : x[col]!);
      this.c.generationCost.push(c);
      this.c.operativeStateCode.push(col < 0 ? 0 : OPERATING);
    }
    return thermalCost;
  }

  columns(): ThermalColumns {
    const th = this.c;
    return {
      stageId: th.stageId.i32(),
      blockId: th.blockId.i32(),
      thermalId: th.thermalId.i32(),
      generationMw: th.generationMw.f64(),
      generationCost: th.generationCost.f64(),
      operativeStateCode: th.operativeStateCode.i8(),
    };
  }
}

/** Non-controllable source rows. */
export class NonControllableRows {
  private readonly c;

  constructor(shape: ScenarioShape, sources: number) {
    this.c = cols(
      shape.blocks * sources,
      "stageId",
      "blockId",
      "nonControllableId",
      "generationMw",
      "availableMw",
      "curtailmentMw",
      "curtailmentCost",
      "operativeStateCode",
    );
  }

  /**
   * Adds block `k`'s rows; returns the block's curtailment cost (curtailed MW × the
   * source's curtailment cost × hours), a positive cost as the reports show it.
   */
  addBlock(s: SolvedStage, k: number): number {
    const { system, stage, layout, lp, x, K, hours, solvers } = s;
    const blockId = stage.blocks[k]!.id;
    let curtailmentCost = 0;
    for (let i = 0; i < system.nonControllableSources.length; i++) {
      const src = system.nonControllableSources[i]!;
      const col = layout.ncsCols[i * K + k]!;
      // Stochastic sources: the availability the patch step set; deterministic: the template's bound.
      const patched = solvers.lastNcsAvailableMw[i * K + k]!;
      const available = col < 0 ? 0 : Number.isNaN(patched) ? lp.colUpper[col]! : patched;
      const gen = col < 0 ? 0 : x[col]!;
      const curtailed = Math.max(0, available - gen);
      const c = curtailed * src.curtailmentCost * hours[k]!;
      curtailmentCost += c;
      this.c.stageId.push(stage.id);
      this.c.blockId.push(blockId);
      this.c.nonControllableId.push(src.id);
      this.c.generationMw.push(gen);
      this.c.availableMw.push(available);
      this.c.curtailmentMw.push(curtailed);
      this.c.curtailmentCost.push(c);
      this.c.operativeStateCode.push(col < 0 ? 0 : OPERATING);
    }
    return curtailmentCost;
  }

  columns(): NonControllableColumns {
    const n = this.c;
    return {
      stageId: n.stageId.i32(),
      blockId: n.blockId.i32(),
      nonControllableId: n.nonControllableId.i32(),
      generationMw: n.generationMw.f64(),
      availableMw: n.availableMw.f64(),
      curtailmentMw: n.curtailmentMw.f64(),
      curtailmentCost: n.curtailmentCost.f64(),
      operativeStateCode: n.operativeStateCode.i8(),
    };
  }
}

/** Energy contract rows, per block. */
export class ContractRows {
  private readonly c;

  constructor(shape: ScenarioShape, contracts: number) {
    this.c = cols(
      shape.blocks * contracts,
      "stageId",
      "blockId",
      "contractId",
      "powerMw",
      "pricePerMwh",
      "totalCost",
      "operativeStateCode",
    );
  }

  add(s: SolvedStage): void {
    const { system, stage, layout, lp, x, K, hours, cost } = s;
    for (let k = 0; k < K; k++) {
      const blockId = stage.blocks[k]!.id;
      for (let i = 0; i < system.energyContracts.length; i++) {
        const ct = system.energyContracts[i]!;
        const col = layout.contractCols[i * K + k]!;
        const power = col < 0 ? 0 : x[col]!;
        const price = col < 0 ? ct.pricePerMwh : lp.colCost[col]! / hours[k]!;
        this.c.stageId.push(stage.id);
        this.c.blockId.push(blockId);
        this.c.contractId.push(ct.id);
        this.c.powerMw.push(power);
        this.c.pricePerMwh.push(price);
        this.c.totalCost.push(cost(col));
        this.c.operativeStateCode.push(col < 0 ? 0 : OPERATING);
      }
    }
  }

  columns(): ContractColumns {
    return {
      stageId: this.c.stageId.i32(),
      blockId: this.c.blockId.i32(),
      contractId: this.c.contractId.i32(),
      powerMw: this.c.powerMw.f64(),
      pricePerMwh: this.c.pricePerMwh.f64(),
      totalCost: this.c.totalCost.f64(),
      operativeStateCode: this.c.operativeStateCode.i8(),
    };
  }
}
