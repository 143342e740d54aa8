/**
 * Pumping stations: per block, a pumped flow p (m³/s) within the station's (stage) flow
 * bounds moves water from the source reservoir to the destination reservoir and draws
 * `consumption_mw_per_m3s · p` MW from its bus. No cost of its own: the energy it uses
 * is priced by the bus balance.
 */
import { isInService } from "@cobre/core";
import { type StageContext, addToBus, addWaterFlow } from "./stage-context";

export function buildPumping(ctx: StageContext): { readonly pumpingCols: Int32Array } {
  const { b, system, stage, K } = ctx;
  const S = system.pumpingStations.length;
  const pumpingCols = new Int32Array(S * K).fill(-1);
  system.pumpingStations.forEach((st, i) => {
    if (!isInService(st, stage.id)) return;
    const pb = ctx.bounds.pumpingBounds(st, stage);
    for (let k = 0; k < K; k++) {
      const p = b.addCol(0, pb.minM3s, pb.maxM3s);
      pumpingCols[i * K + k] = p;
      addWaterFlow(ctx, st.sourceHydroId, k, p, 1);
      addWaterFlow(ctx, st.destinationHydroId, k, p, -1);
      addToBus(ctx, st.busId, k, p, -st.consumptionMwPerM3s);
    }
  });
  return { pumpingCols };
}
