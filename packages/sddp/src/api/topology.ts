/**
 * `Topology`: the hydro cascade and the electrical network of a case as adjacency maps
 * keyed by entity id (all lists sorted by id).
 */
import type { System } from "@cobre/core";

export interface BusLink {
  readonly lineId: number;
  /** The bus at the other end of the line. */
  readonly busId: number;
}

export interface Topology {
  readonly cascade: {
    /** Hydro id → the hydro its outflow goes to, or null for a cascade outlet. */
    readonly downstream: ReadonlyMap<number, number | null>;
    /** Hydro id → the hydros whose outflow comes into it. */
    readonly upstream: ReadonlyMap<number, readonly number[]>;
    /** Hydros with no downstream hydro. */
    readonly outlets: readonly number[];
    /** Hydros with no upstream hydro. */
    readonly headwaters: readonly number[];
  };
  readonly network: {
    /** Bus id → lines touching it and the bus at their other end. */
    readonly adjacency: ReadonlyMap<number, readonly BusLink[]>;
    /** Bus id → hydros, thermals and non-controllable sources connected to it. */
    readonly busEntities: ReadonlyMap<
      number,
      { readonly hydros: readonly number[]; readonly thermals: readonly number[]; readonly ncs: readonly number[] }
    >;
  };
}

/**
 * Builds the topology of a system.
 *
 * @example
 * ```ts
 * const t = buildTopology(c.system);
 * console.log(t.cascade.upstream.get(3)); // hydros feeding hydro 3
 * ```
 */
export function buildTopology(system: System): Topology {
  const downstream = new Map<number, number | null>();
  const upstream = new Map<number, number[]>();
  for (const h of system.hydros) {
    downstream.set(h.id, h.downstreamId);
    upstream.set(h.id, []);
  }
  for (const h of system.hydros) if (h.downstreamId !== null) upstream.get(h.downstreamId)?.push(h.id);
  const adjacency = new Map<number, BusLink[]>();
  const busEntities = new Map<number, { hydros: number[]; thermals: number[]; ncs: number[] }>();
  for (const b of system.buses) {
    adjacency.set(b.id, []);
    busEntities.set(b.id, { hydros: [], thermals: [], ncs: [] });
  }
  for (const l of system.lines) {
    adjacency.get(l.sourceBusId)?.push({ lineId: l.id, busId: l.targetBusId });
    adjacency.get(l.targetBusId)?.push({ lineId: l.id, busId: l.sourceBusId });
  }
  for (const h of system.hydros) busEntities.get(h.busId)?.hydros.push(h.id);
  for (const t of system.thermals) busEntities.get(t.busId)?.thermals.push(t.id);
  for (const n of system.nonControllableSources) busEntities.get(n.busId)?.ncs.push(n.id);
  const hydroIds = system.hydros.map((h) => h.id);
  return {
    cascade: {
      downstream,
      upstream,
      outlets: hydroIds.filter((id) => downstream.get(id) === null),
      headwaters: hydroIds.filter((id) => (upstream.get(id)?.length ?? 0) === 0),
    },
    network: { adjacency, busEntities },
  };
}
