/**
 * `codes.json`: the integer → label mappings of every categorical column. Codes are part
 * of the on-disk contract (the Cobre book's table), so they are constants here.
 */

const OPERATIVE_STATE = { deactivated: 0, maintenance: 1, operating: 2, saturated: 3 } as const;
const STORAGE_BINDING = { none: 0, below_minimum: 1, above_maximum: 2, both: 3 } as const;
const CONTRACT_TYPE = { import: 0, export: 1 } as const;
/** Code 6 is unassigned in the book; non-controllable sources are 7. */
export const ENTITY_TYPE = {
  hydro: 0,
  thermal: 1,
  bus: 2,
  line: 3,
  pumping_station: 4,
  contract: 5,
  non_controllable: 7,
} as const;
export const BOUND_TYPE = {
  storage_min: 0,
  storage_max: 1,
  turbined_min: 2,
  turbined_max: 3,
  outflow_min: 4,
  outflow_max: 5,
  generation_min: 6,
  generation_max: 7,
  flow_min: 8,
  flow_max: 9,
} as const;

const CODES_VERSION = "1.0";

/** `{ "0": "deactivated", ... }`: the JSON shape of one mapping. */
function invert(map: Readonly<Record<string, number>>): Record<string, string> {
  return Object.fromEntries(Object.entries(map).map(([label, code]) => [String(code), label]));
}

/** The `codes.json` document. */
export function codesDocument(generatedAt: string): Record<string, unknown> {
  return {
    version: CODES_VERSION,
    generated_at: generatedAt,
    operative_state: invert(OPERATIVE_STATE),
    storage_binding: invert(STORAGE_BINDING),
    contract_type: invert(CONTRACT_TYPE),
    entity_type: invert(ENTITY_TYPE),
    bound_type: invert(BOUND_TYPE),
  };
}
