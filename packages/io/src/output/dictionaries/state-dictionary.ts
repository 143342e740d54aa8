/**
 * `state_dictionary.json`: the layout of the state vector (and so of every cut's
 * coefficients). Storage first, one per hydro in id order; then the lag slots lag-major —
 * lag 1 of every hydro, then lag 2, … — so (hydro position h, lag k) sits at
 * H + (k − 1)·H + h, every hydro having the same number of slots (the largest order).
 * Multi-resolution studies add one more slot per hydro after the lags: the period
 * accumulator (hour-weighted inflow sum of the current period), listed in
 * `lag_accumulator_states`, an extension the book's readers ignore.
 */
import type { System } from "@cobre/core";

interface LagEntry {
  hydro_id: number;
  lag_index: number;
  dimension_index: number;
  unit: "m3s";
}

export interface StateDictionary {
  readonly version: string;
  readonly state_dimension: number;
  readonly storage_states: readonly { hydro_id: number; dimension_index: number; unit: "hm3" }[];
  readonly inflow_lag_states: readonly LagEntry[];
  readonly lag_accumulator_states?: readonly { hydro_id: number; dimension_index: number; unit: "m3s" }[];
}

/**
 * @param lagOrders lag slots per hydro id (absent = 0); the stride is the largest
 * @param accumulator whether the state carries a period accumulator slot per hydro
 */
export function stateDictionary(
  system: System,
  lagOrders: ReadonlyMap<number, number> = new Map(),
  accumulator = false,
): StateDictionary {
  const hydros = [...system.hydros].sort((a, b) => a.id - b.id);
  const H = hydros.length;
  const storage = hydros.map((h, i) => ({ hydro_id: h.id, dimension_index: i, unit: "hm3" as const }));
  const stride = Math.max(0, ...hydros.map((h) => lagOrders.get(h.id) ?? 0));
  const lags: LagEntry[] = [];
  for (let k = 1; k <= stride; k++) {
    hydros.forEach((h, i) => {
      if (k <= (lagOrders.get(h.id) ?? 0)) {
        lags.push({ hydro_id: h.id, lag_index: k, dimension_index: H + (k - 1) * H + i, unit: "m3s" });
      }
    });
  }
  const slots = stride + (accumulator ? 1 : 0);
  const dictionary: StateDictionary = {
    version: "1.0",
    state_dimension: H * (1 + slots),
    storage_states: storage,
    inflow_lag_states: lags,
  };
  if (!accumulator) return dictionary;
  return {
    ...dictionary,
    lag_accumulator_states: hydros.map((h, i) => ({
      hydro_id: h.id,
      dimension_index: H + stride * H + i,
      unit: "m3s",
    })),
  };
}
