/**
 * Water withdrawal (`water_withdrawal_m3s` of `hydro_bounds.parquet`): a scheduled,
 * non-generating outflow of the reservoir over the whole stage. A positive value
 * removes water, a negative one returns water (bidirectional withdrawal). The schedule
 * sits on the right-hand side of the water balance; when water is removed, two
 * stage-level slacks let the solver withdraw less (under-withdrawal, `…_neg_cost`) or
 * more (over-withdrawal, `…_pos_cost`) at a penalty per m³/s times the stage hours.
 * A returned flow is fixed: there is nothing to fall short of.
 */
import { INF, type StageContext, addStageWaterFlow, setStageWaterRhs } from "./stage-context";

export interface WithdrawalColumns {
  /** Per hydro: scheduled withdrawal (m³/s) and the under/over slacks (−1 when absent). */
  readonly scheduledM3s: Float64Array;
  readonly underCols: Int32Array;
  readonly overCols: Int32Array;
}

export function buildWithdrawal(ctx: StageContext): WithdrawalColumns {
  const { b, system, stage, totalHours } = ctx;
  const H = system.hydros.length;
  const scheduledM3s = new Float64Array(H);
  const underCols = new Int32Array(H).fill(-1);
  const overCols = new Int32Array(H).fill(-1);
  for (let h = 0; h < H; h++) {
    const hydro = system.hydros[h]!;
    const w = ctx.bounds.hydroBounds(hydro, stage).waterWithdrawalM3s;
    if (w === 0) continue;
    scheduledM3s[h] = w;
    // v_out − v_in + ζ·(outflows − inflows) = −ζ·w: the withdrawal is one more outflow.
    setStageWaterRhs(ctx, h, w);
    if (w > 0) {
      const pen = ctx.bounds.hydroPenalties(hydro, stage);
      const under = b.addCol(pen.waterWithdrawalViolationNegCost * totalHours, 0, INF);
      const over = b.addCol(pen.waterWithdrawalViolationPosCost * totalHours, 0, INF);
      addStageWaterFlow(ctx, h, under, -1);
      addStageWaterFlow(ctx, h, over, 1);
      underCols[h] = under;
      overCols[h] = over;
    }
  }
  return { scheduledM3s, underCols, overCols };
}
