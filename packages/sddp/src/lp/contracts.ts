/**
 * Energy contracts: per block, a contracted power c within [min_mw, max_mw] (stage
 * overrides from `contract_bounds.parquet`). An import injects c at its bus, an export
 * withdraws it; both add `price_per_mwh · hours · c` to the objective, so an export
 * with a negative price is revenue.
 */
import { isInService } from "@cobre/core";
import { type StageContext, addToBus } from "./stage-context";

export function buildContracts(ctx: StageContext): { readonly contractCols: Int32Array } {
  const { b, system, stage, K, hours } = ctx;
  const C = system.energyContracts.length;
  const contractCols = new Int32Array(C * K).fill(-1);
  system.energyContracts.forEach((contract, i) => {
    if (!isInService(contract, stage.id)) return;
    const cb = ctx.bounds.contractBounds(contract, stage);
    for (let k = 0; k < K; k++) {
      const col = b.addCol(cb.pricePerMwh * hours[k]!, cb.minMw, cb.maxMw);
      contractCols[i * K + k] = col;
      addToBus(ctx, contract.busId, k, col, contract.type === "import" ? 1 : -1);
    }
  });
  return { contractCols };
}
