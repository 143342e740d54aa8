/**
 * Non-controllable sources (wind, solar, run-of-river): one generation column per block,
 * `0 ≤ g ≤ available · block factor`, with the curtailment cost as a reward per MWh
 * generated (objective `−curtailment_cost · hours`), so curtailing costs exactly the
 * curtailment penalty. Available generation comes from `ncs_bounds.parquet` (else the
 * installed capacity); stochastic sources get their bound patched per scenario
 * (`max_generation_mw · clamp(mean + std·η, 0, 1) · factor`, `patchNcsBounds`).
 */
import { isInService } from "@cobre/core";
import type { ScenarioInputs } from "../scenario/scenario-inputs";
import { type StageContext, addToBus } from "./stage-context";
import type { StageLayout } from "./stage-layout";
import type { BoundScratch } from "./stage-patch";

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

/**
 * Patch of the stochastic sources' columns: available MW `max_gen · clamp(mean + std·ε,
 * 0, 1)` (or the availability factor an external scenario gives, `given[n]` not NaN)
 * times the block factor, as upper bounds written into `out` from entry 0; the MW go to
 * `lastAvailableMw` (NaN where the template's bound applies). Returns the entries written.
 */
export function patchNcsBounds(
  layout: StageLayout,
  inputs: ScenarioInputs,
  t: number,
  noise: ArrayLike<number>,
  given: Float64Array | null | undefined,
  lastAvailableMw: Float64Array,
  out: BoundScratch,
): number {
  const N = inputs.numNcs;
  if (N === 0) return 0;
  const K = layout.numBlocks;
  lastAvailableMw.fill(Number.NaN);
  const factors = inputs.ncsFactors[t]!;
  let c = 0;
  for (let n = 0; n < N; n++) {
    const slot = inputs.ncsNoiseSlot[n]!;
    if (slot < 0) continue;
    const tn = t * N + n;
    const value = given?.[n];
    const factor =
      value !== undefined && !Number.isNaN(value) ? value : inputs.ncsMean[tn]! + inputs.ncsStd[tn]! * noise[slot]!;
    const mw = inputs.ncsMaxGenMw[n]! * Math.min(1, Math.max(0, factor));
    for (let k = 0; k < K; k++) {
      const col = layout.ncsCols[n * K + k]!;
      if (col < 0) continue;
      out.index[c] = col;
      out.lower[c] = 0;
      out.upper[c] = mw * factors[n * K + k]!;
      lastAvailableMw[n * K + k] = out.upper[c]!;
      c++;
    }
  }
  return c;
}
