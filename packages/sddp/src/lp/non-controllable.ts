/**
 * Non-controllable sources (wind, solar, run-of-river): one generation column per block,
 * `0 ≤ g ≤ available · block factor`, with the curtailment cost as a reward per MWh
 * generated (objective `−curtailment_cost · hours`), so curtailing costs exactly the
 * curtailment penalty. Available generation comes from `ncs_bounds.parquet` (else the
 * installed capacity); stochastic sources get their bound patched per scenario
 * (`max_generation_mw · clamp(mean + std·η, 0, 1) · factor`, see StageSolvers).
 */
import { isInService } from "@cobre/core";
import type { ScenarioInputs } from "../scenario/scenario-inputs";
import { type StageContext, addToBus } from "./stage-context";

export function buildNonControllable(ctx: StageContext, inputs: ScenarioInputs): { readonly ncsCols: Int32Array } {
  const { b, system, stage, K, hours } = ctx;
  const N = system.nonControllableSources.length;
  const ncsCols = new Int32Array(N * K).fill(-1);
  const factors = inputs.ncsFactors[stage.index];
  system.nonControllableSources.forEach((ncs, i) => {
    if (!isInService(ncs, stage.id)) return;
    const available = ctx.bounds.ncsAvailableMw(ncs, stage);
    const curtailmentCost = ctx.bounds.ncsCurtailmentCost(ncs, stage);
    for (let k = 0; k < K; k++) {
      const factor = factors?.[i * K + k] ?? 1;
      const col = b.addCol(-curtailmentCost * hours[k]!, 0, Math.max(0, available * factor));
      ncsCols[i * K + k] = col;
      addToBus(ctx, ncs.busId, k, col, 1);
    }
  });
  return { ncsCols };
}
