/**
 * `entities.csv`: one row per entity (entity_type_code, entity_id, name, bus_id,
 * system_id), ordered by type code then id. Lines report their source bus.
 */
import type { System } from "@cobre/core";
import { ENTITY_TYPE } from "./codes";
import { csvDocument } from "./csv";

const ENTITIES_HEADER = ["entity_type_code", "entity_id", "name", "bus_id", "system_id"] as const;

interface Named {
  readonly id: number;
  readonly name: string;
}

export function entitiesCsv(system: System): string {
  const rows: (string | number)[][] = [];
  function add<T extends Named>(code: number, items: readonly T[], bus: (item: T) => number): void {
    for (const item of [...items].sort((a, b) => a.id - b.id)) rows.push([code, item.id, item.name, bus(item), 0]);
  }
  add(ENTITY_TYPE.hydro, system.hydros, (h) => h.busId);
  add(ENTITY_TYPE.thermal, system.thermals, (t) => t.busId);
  add(ENTITY_TYPE.bus, system.buses, (b) => b.id);
  add(ENTITY_TYPE.line, system.lines, (l) => l.sourceBusId);
  add(ENTITY_TYPE.pumping_station, system.pumpingStations, (p) => p.busId);
  add(ENTITY_TYPE.contract, system.energyContracts, (c) => c.busId);
  add(ENTITY_TYPE.non_controllable, system.nonControllableSources, (n) => n.busId);
  return csvDocument(ENTITIES_HEADER, rows);
}
