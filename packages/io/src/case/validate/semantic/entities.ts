/** Layer 5, physical rules of entities: bounds ordered, capacities non-negative, cascade acyclic. */
import type { Diagnostics } from "../../diagnostics";
import type { RawCase } from "../../read/raw-case";

type Ctx = { file: string; field: string; entity_id: number };

function nonNegative(diag: Diagnostics, value: number | null | undefined, ctx: Ctx, what: string): void {
  if (value !== null && value !== undefined && !(value >= 0)) {
    diag.error(
      "CapacityViolation",
      `${ctx.file}: ${what} of entity ${ctx.entity_id} is ${value}; must be >= 0`,
      ctx,
      "use a non-negative value",
    );
  }
}

function ordered(diag: Diagnostics, min: number, max: number | null | undefined, ctx: Ctx, what: string): void {
  if (max !== null && max !== undefined && min > max) {
    diag.error(
      "PhysicalConstraint",
      `${ctx.file}: ${what} of entity ${ctx.entity_id}: min ${min} > max ${max}`,
      ctx,
      "make min <= max",
    );
  }
}

function serviceWindow(
  diag: Diagnostics,
  file: string,
  at: string,
  e: { id: number; entry_stage_id?: number | null; exit_stage_id?: number | null },
): void {
  if (e.entry_stage_id != null && e.exit_stage_id != null && e.entry_stage_id > e.exit_stage_id) {
    diag.error(
      "StageMismatch",
      `${file}: entity ${e.id} exits (stage ${e.exit_stage_id}) before it enters (stage ${e.entry_stage_id})`,
      { file, field: `${at}.exit_stage_id`, entity_id: e.id },
    );
  }
}

function checkHydros(raw: RawCase, diag: Diagnostics): void {
  const f = "system/hydros.json";
  const hydros = raw.json.hydros?.hydros ?? [];
  hydros.forEach((h, i) => {
    const at = `hydros[${i}]`;
    const c = (field: string): Ctx => ({ file: f, field: `${at}.${field}`, entity_id: h.id });
    const g = h.generation;
    nonNegative(diag, h.reservoir.min_storage_hm3, c("reservoir.min_storage_hm3"), "min_storage_hm3");
    nonNegative(diag, h.reservoir.max_storage_hm3, c("reservoir.max_storage_hm3"), "max_storage_hm3");
    ordered(diag, h.reservoir.min_storage_hm3, h.reservoir.max_storage_hm3, c("reservoir.min_storage_hm3"), "storage");
    nonNegative(diag, h.outflow.min_outflow_m3s, c("outflow.min_outflow_m3s"), "min_outflow_m3s");
    nonNegative(diag, h.outflow.max_outflow_m3s, c("outflow.max_outflow_m3s"), "max_outflow_m3s");
    ordered(diag, h.outflow.min_outflow_m3s, h.outflow.max_outflow_m3s, c("outflow.min_outflow_m3s"), "outflow");
    nonNegative(diag, g.min_turbined_m3s, c("generation.min_turbined_m3s"), "min_turbined_m3s");
    nonNegative(diag, g.max_turbined_m3s, c("generation.max_turbined_m3s"), "max_turbined_m3s");
    ordered(diag, g.min_turbined_m3s, g.max_turbined_m3s, c("generation.min_turbined_m3s"), "turbined flow");
    nonNegative(diag, g.min_generation_mw, c("generation.min_generation_mw"), "min_generation_mw");
    nonNegative(diag, g.max_generation_mw, c("generation.max_generation_mw"), "max_generation_mw");
    ordered(diag, g.min_generation_mw, g.max_generation_mw, c("generation.min_generation_mw"), "generation");
    if (g.model !== "fpha" && !(g.productivity_mw_per_m3s > 0)) {
      diag.error(
        "OutOfRange",
        `${f}: hydro ${h.id} productivity_mw_per_m3s must be > 0`,
        c("generation.productivity_mw_per_m3s"),
      );
    }
    if (h.efficiency && !(h.efficiency.value > 0 && h.efficiency.value <= 1)) {
      diag.error("OutOfRange", `${f}: hydro ${h.id} efficiency must be in (0, 1]`, c("efficiency.value"));
    }
    if (h.diversion) nonNegative(diag, h.diversion.max_flow_m3s, c("diversion.max_flow_m3s"), "diversion max_flow_m3s");
    if (h.downstream_id === h.id) {
      diag.error("PhysicalConstraint", `${f}: hydro ${h.id} is its own downstream plant`, c("downstream_id"));
    }
    serviceWindow(diag, f, at, h);
  });
  checkCascade(raw, diag);
}

/** Follows `downstream_id` links; a revisit on the current path is a cycle. */
function checkCascade(raw: RawCase, diag: Diagnostics): void {
  const f = "system/hydros.json";
  const hydros = raw.json.hydros?.hydros ?? [];
  const down = new Map(hydros.map((h) => [h.id, h.downstream_id ?? null]));
  const state = new Map<number, "visiting" | "done">();
  const reported = new Set<number>();
  for (const h of hydros) {
    const path: number[] = [];
    let cur: number | null = h.id;
    while (cur !== null && state.get(cur) !== "done") {
      if (state.get(cur) === "visiting") {
        const cycle = path.slice(path.indexOf(cur));
        if (!cycle.some((id) => reported.has(id))) {
          cycle.forEach((id) => {
            reported.add(id);
          });
          const i = hydros.findIndex((x) => x.id === cur);
          diag.error(
            "PhysicalConstraint",
            `${f}: the cascade has a cycle: ${[...cycle, cur].join(" -> ")}`,
            { file: f, field: `hydros[${i}].downstream_id`, entity_id: cur },
            "the downstream links must form a forest",
          );
        }
        break;
      }
      state.set(cur, "visiting");
      path.push(cur);
      cur = down.get(cur) ?? null;
    }
    for (const id of path) state.set(id, "done");
  }
}

function checkOthers(raw: RawCase, diag: Diagnostics): void {
  const j = raw.json;
  let f = "system/thermals.json";
  j.thermals?.thermals.forEach((t, i) => {
    const c = (field: string): Ctx => ({ file: f, field: `thermals[${i}].${field}`, entity_id: t.id });
    nonNegative(diag, t.generation.min_mw, c("generation.min_mw"), "generation.min_mw");
    nonNegative(diag, t.generation.max_mw, c("generation.max_mw"), "generation.max_mw");
    ordered(diag, t.generation.min_mw, t.generation.max_mw, c("generation.min_mw"), "generation");
    if (!(t.cost_per_mwh >= 0))
      diag.error("OutOfRange", `${f}: thermal ${t.id} cost_per_mwh must be >= 0`, c("cost_per_mwh"));
    serviceWindow(diag, f, `thermals[${i}]`, t);
  });
  const lf = "system/lines.json";
  j.lines?.lines.forEach((l, i) => {
    const c = (field: string): Ctx => ({ file: lf, field: `lines[${i}].${field}`, entity_id: l.id });
    nonNegative(diag, l.capacity.direct_mw, c("capacity.direct_mw"), "capacity.direct_mw");
    nonNegative(diag, l.capacity.reverse_mw, c("capacity.reverse_mw"), "capacity.reverse_mw");
    const loss = l.losses_percent ?? 0;
    if (!(loss >= 0 && loss < 100))
      diag.error("OutOfRange", `${lf}: line ${l.id} losses_percent must be in [0, 100)`, c("losses_percent"));
    if (l.source_bus_id === l.target_bus_id)
      diag.error(
        "PhysicalConstraint",
        `${lf}: line ${l.id} connects bus ${l.source_bus_id} to itself`,
        c("target_bus_id"),
      );
    serviceWindow(diag, lf, `lines[${i}]`, l);
  });
  f = "system/non_controllable_sources.json";
  j.ncs?.non_controllable_sources.forEach((n, i) => {
    nonNegative(
      diag,
      n.max_generation_mw,
      { file: f, field: `non_controllable_sources[${i}].max_generation_mw`, entity_id: n.id },
      "max_generation_mw",
    );
    serviceWindow(diag, f, `non_controllable_sources[${i}]`, n);
  });
  const pf = "system/pumping_stations.json";
  j.pumping?.pumping_stations.forEach((p, i) => {
    const c = (field: string): Ctx => ({ file: pf, field: `pumping_stations[${i}].${field}`, entity_id: p.id });
    nonNegative(diag, p.flow.min_m3s, c("flow.min_m3s"), "flow.min_m3s");
    ordered(diag, p.flow.min_m3s, p.flow.max_m3s, c("flow.min_m3s"), "pumping flow");
    nonNegative(diag, p.consumption_mw_per_m3s, c("consumption_mw_per_m3s"), "consumption_mw_per_m3s");
    serviceWindow(diag, pf, `pumping_stations[${i}]`, p);
  });
  const cf = "system/energy_contracts.json";
  j.contracts?.contracts.forEach((k, i) => {
    const c = (field: string): Ctx => ({ file: cf, field: `contracts[${i}].${field}`, entity_id: k.id });
    nonNegative(diag, k.limits.min_mw, c("limits.min_mw"), "limits.min_mw");
    ordered(diag, k.limits.min_mw, k.limits.max_mw, c("limits.min_mw"), "contract limits");
    serviceWindow(diag, cf, `contracts[${i}]`, k);
  });
}

/** Initial storage must lie in the reservoir range; a hydro is either operating or filling. */
function checkInitialConditions(raw: RawCase, diag: Diagnostics): void {
  const f = "initial_conditions.json";
  const ic = raw.json.initialConditions;
  if (!ic) return;
  const hydros = new Map((raw.json.hydros?.hydros ?? []).map((h) => [h.id, h]));
  const filling = new Set(ic.filling_storage.map((s) => s.hydro_id));
  ic.storage.forEach((s, i) => {
    const h = hydros.get(s.hydro_id);
    const ctx = { file: f, field: `storage[${i}].value_hm3`, entity_id: s.hydro_id };
    if (filling.has(s.hydro_id)) {
      diag.error("IncompatibleSettings", `${f}: hydro ${s.hydro_id} is in both storage and filling_storage`, {
        ...ctx,
        field: `storage[${i}].hydro_id`,
      });
    }
    if (h && (s.value_hm3 < h.reservoir.min_storage_hm3 || s.value_hm3 > h.reservoir.max_storage_hm3)) {
      diag.error(
        "PhysicalConstraint",
        `${f}: initial storage ${s.value_hm3} of hydro ${s.hydro_id} is outside [${h.reservoir.min_storage_hm3}, ${h.reservoir.max_storage_hm3}]`,
        ctx,
        "set it within the reservoir bounds",
      );
    }
  });
  ic.filling_storage.forEach((s, i) => {
    if (!(s.value_hm3 >= 0))
      diag.error("OutOfRange", `${f}: filling storage of hydro ${s.hydro_id} must be >= 0`, {
        file: f,
        field: `filling_storage[${i}].value_hm3`,
        entity_id: s.hydro_id,
      });
  });
  ic.recent_observations?.forEach((o, i) => {
    if (!(o.value_m3s >= 0))
      diag.error("OutOfRange", `${f}: recent observation of hydro ${o.hydro_id} must be >= 0`, {
        file: f,
        field: `recent_observations[${i}].value_m3s`,
        entity_id: o.hydro_id,
      });
    if (!(Date.parse(o.end_date) > Date.parse(o.start_date)))
      diag.error("StageMismatch", `${f}: recent observation ${i} ends before it starts`, {
        file: f,
        field: `recent_observations[${i}].end_date`,
        entity_id: o.hydro_id,
      });
  });
}

/** Runs the entity rules of layer 5. */
export function checkEntitySemantics(raw: RawCase, diag: Diagnostics): void {
  checkHydros(raw, diag);
  checkOthers(raw, diag);
  checkInitialConditions(raw, diag);
}
