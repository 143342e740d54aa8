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
    this.c = cols(shape.blocks * thermals, {
      stageId: "i32",
      blockId: "i32",
      thermalId: "i32",
      generationMw: "f64",
      generationCost: "f64",
      operativeStateCode: "i8",
    });
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
    return this.c.finish();
  }
}

/** Non-controllable source rows. */
export class NonControllableRows {
  private readonly c;

  constructor(shape: ScenarioShape, sources: number) {
    this.c = cols(shape.blocks * sources, {
      stageId: "i32",
      blockId: "i32",
      nonControllableId: "i32",
      generationMw: "f64",
      availableMw: "f64",
      curtailmentMw: "f64",
      curtailmentCost: "f64",
      operativeStateCode: "i8",
    });
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
    return this.c.finish();
  }
}

/** Energy contract rows, per block. */
export class ContractRows {
  private readonly c;

  constructor(shape: ScenarioShape, contracts: number) {
    this.c = cols(shape.blocks * contracts, {
      stageId: "i32",
      blockId: "i32",
      contractId: "i32",
      powerMw: "f64",
      pricePerMwh: "f64",
      totalCost: "f64",
      operativeStateCode: "i8",
    });
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
    return this.c.finish();
  }
}
