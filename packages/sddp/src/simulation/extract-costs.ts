/**
 * Cost rows of a solved stage, one per (stage, block): the objective split into its
 * components, discounted to present value, and the scenario's present-value cost.
 */
import type { CostsColumns } from "@cobre/io";
import { type ScenarioShape, type SolvedStage, cols } from "./extract-columns";

/** The block's costs the entity rows have already summed. */
export interface BlockEntityCosts {
  readonly thermalCost: number;
  readonly exchangeCost: number;
  readonly curtailmentCost: number;
  readonly deficitCost: number;
  readonly excessCost: number;
}

export class CostRows {
  private readonly c;

  constructor(shape: ScenarioShape) {
    this.c = cols(shape.blocks, {
      stageId: "i32",
      blockId: "i32",
      totalCost: "f64",
      immediateCost: "f64",
      futureCost: "f64",
      discountFactor: "f64",
      thermalCost: "f64",
      contractCost: "f64",
      deficitCost: "f64",
      excessCost: "f64",
      hydroViolationCost: "f64",
      spillageCost: "f64",
      fphaTurbinedCost: "f64",
      curtailmentCost: "f64",
      exchangeCost: "f64",
    });
  }
  /** Present-value cost of the scenario (sum of `total_cost`). */
  presentValue = 0;

  /** Adds block `k`'s row; returns the block's share of the LP objective (without θ). */
  addBlock(s: SolvedStage, k: number, entity: BlockEntityCosts): number {
    const { t, system, stage, layout, K, H, cost } = s;
    const disc = s.study.cumulativeDiscount[t]!;
    const { thermalCost, exchangeCost, curtailmentCost, deficitCost, excessCost } = entity;
    let spillage = 0;
    let fpha = 0;
    for (let h = 0; h < H; h++) {
      spillage += cost(layout.spillageCols[h * K + k]!);
      if (layout.generationCols[h * K + k]! >= 0) fpha += cost(layout.turbinedCols[h * K + k]!);
    }
    // In the LP a generating NCS earns −curtailment_cost·hours per MW; reports show the
    // curtailment itself as a positive cost instead.
    let ncsLp = 0;
    for (let i = 0; i < system.nonControllableSources.length; i++) ncsLp += cost(layout.ncsCols[i * K + k]!);
    let contractCost = 0;
    for (let i = 0; i < system.energyContracts.length; i++) contractCost += cost(layout.contractCols[i * K + k]!);
    const lpCost = thermalCost + contractCost + deficitCost + excessCost + spillage + fpha + exchangeCost + ncsLp;
    const immediate = lpCost - ncsLp + curtailmentCost;
    const c = this.c;
    c.stageId.push(stage.id);
    c.blockId.push(stage.blocks[k]!.id);
    c.immediateCost.push(immediate);
    c.futureCost.push(0);
    c.discountFactor.push(disc);
    c.totalCost.push(disc * immediate);
    c.thermalCost.push(thermalCost);
    c.contractCost.push(contractCost);
    c.deficitCost.push(deficitCost);
    c.excessCost.push(excessCost);
    c.hydroViolationCost.push(0);
    c.spillageCost.push(spillage);
    c.fphaTurbinedCost.push(fpha);
    c.curtailmentCost.push(curtailmentCost);
    c.exchangeCost.push(exchangeCost);
    this.presentValue += disc * immediate;
    return lpCost;
  }

  /**
   * Closes the stage after its blocks, whose LP costs sum to `blockTotal`. One row per
   * (stage, block), as the format has it: stage costs not tied to a block (violation
   * slacks, inflow penalty, withdrawal) — the remainder of the objective — are spread over
   * the blocks by their hours, and the future cost sits on the last block, at the end of
   * the stage.
   */
  closeStage(s: SolvedStage, blockTotal: number): void {
    const { t, K, hours, solvers } = s;
    const disc = s.study.cumulativeDiscount[t]!;
    const remainder = solvers.result.immediateCost - blockTotal;
    const totalHours = hours.reduce((a, h) => a + h, 0);
    const c = this.c;
    const firstRow = c.rowCount - K;
    for (let k = 0; k < K; k++) {
      const share = remainder * (hours[k]! / totalHours);
      c.add("immediateCost", firstRow + k, share);
      c.add("totalCost", firstRow + k, disc * share);
      c.add("hydroViolationCost", firstRow + k, share);
      this.presentValue += disc * share;
    }
    c.add("futureCost", firstRow + K - 1, solvers.result.theta);
    // After the last stage the future cost is the terminal boundary's (policy.boundary;
    // zero without one): part of the scenario's cost, like the lower bound counts it.
    if (t === s.study.templates.length - 1) {
      this.presentValue += disc * (solvers.result.objective - solvers.result.immediateCost);
    }
  }

  columns(): CostsColumns {
    return this.c.finish();
  }
}
