/**
 * Layout of the noise vector: which slot belongs to which random entity.
 *
 * Follows the Cobre book's "system dimension order" (guide, "User-Supplied Opening
 * Trees"): hydro inflows first, then load buses, then non-controllable sources, each
 * class sorted by ascending id. `noise_openings.parquet` `entity_index` uses this order.
 */

import type { EntityRef } from "./correlation.js";
import { ok } from "@cobre/core";
import { type StochasticResult, fail } from "./errors.js";

/** Slot ranges of each class in the noise vector. */
export interface EntityLayout {
  readonly dim: number;
  readonly hydroIds: readonly number[];
  readonly loadBusIds: readonly number[];
  readonly ncsIds: readonly number[];
  /** First slot of each class (hydros start at 0). */
  readonly loadOffset: number;
  readonly ncsOffset: number;
  /** entities[slot] — the reference of every slot, for correlation resolution. */
  readonly entities: readonly EntityRef[];
}

/**
 * Builds the noise-vector layout from the ids of the random entities of each class
 * (stochastic load buses and NCS only; pass empty lists when a class is deterministic).
 */
export function buildEntityLayout(ids: {
  readonly hydroIds: readonly number[];
  readonly loadBusIds?: readonly number[];
  readonly ncsIds?: readonly number[];
}): StochasticResult<EntityLayout> {
  const sortUnique = (list: readonly number[], what: string): StochasticResult<number[]> => {
    const sorted = [...list].sort((a, b) => a - b);
    for (let i = 1; i < sorted.length; i++) {
      if (sorted[i] === sorted[i - 1])
        return fail("InvalidInput", `duplicate ${what} id ${sorted[i]}`, { id: sorted[i] as number });
    }
    return ok(sorted);
  };
  const hydros = sortUnique(ids.hydroIds, "hydro");
  if (!hydros.ok) return hydros;
  const loads = sortUnique(ids.loadBusIds ?? [], "load bus");
  if (!loads.ok) return loads;
  const ncs = sortUnique(ids.ncsIds ?? [], "NCS");
  if (!ncs.ok) return ncs;
  const entities: EntityRef[] = [
    ...hydros.value.map((id) => ({ type: "inflow" as const, id })),
    ...loads.value.map((id) => ({ type: "load" as const, id })),
    ...ncs.value.map((id) => ({ type: "ncs" as const, id })),
  ];
  return ok({
    dim: entities.length,
    hydroIds: hydros.value,
    loadBusIds: loads.value,
    ncsIds: ncs.value,
    loadOffset: hydros.value.length,
    ncsOffset: hydros.value.length + loads.value.length,
    entities,
  });
}
