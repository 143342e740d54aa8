/**
 * `state_dictionary.json`: the layout of the state vector (and so of every cut's
 * coefficients): one storage state per hydro, then one state per (hydro, lag), in hydro
 * id order.
 */
import type { System } from "@cobre/core";

export interface StateDictionary {
  readonly version: string;
  readonly state_dimension: number;
  readonly storage_states: readonly { hydro_id: number; dimension_index: number; unit: "hm3" }[];
  readonly inflow_lag_states: readonly { hydro_id: number; lag_index: number; dimension_index: number; unit: "m3s" }[];
}

/** `lagOrders`: AR order per hydro id (absent = 0). */
export function stateDictionary(system: System, lagOrders: ReadonlyMap<number, number> = new Map()): StateDictionary {
  const hydros = [...system.hydros].sort((a, b) => a.id - b.id);
  const storage = hydros.map((h, i) => ({ hydro_id: h.id, dimension_index: i, unit: "hm3" as const }));
  let next = storage.length;
  const lags = hydros.flatMap((h) =>
    Array.from({ length: lagOrders.get(h.id) ?? 0 }, (_, k) => ({
      hydro_id: h.id,
      lag_index: k + 1,
      dimension_index: next++,
      unit: "m3s" as const,
    })),
  );
  return { version: "1.0", state_dimension: next, storage_states: storage, inflow_lag_states: lags };
}
