/**
 * Layer 5, penalty rules: every cost strictly positive; deficit tiers with increasing
 * costs and an unbounded (null-depth) last tier; slack penalties where slack is enabled.
 */
import type { Diagnostics } from "../../diagnostics";
import { HYDRO_PENALTY_COLUMNS, type ParquetFile } from "../../read/parquet-columns";
import { rowsOf, type RawCase } from "../../read/raw-case";

type Segment = { depth_mw?: number | null | undefined; cost: number };

/**
 * The book asks for strictly positive costs, but reference cases ship zero costs
 * (e.g. `fpha_turbined_cost: 0`), so zero is a warning and only negative/non-finite fail.
 */
function positive(
  diag: Diagnostics,
  value: number | null | undefined,
  file: string,
  field: string,
  entityId?: number,
): void {
  if (value === null || value === undefined || (value > 0 && Number.isFinite(value))) return;
  const ctx = entityId === undefined ? { file, field } : { file, field, entity_id: entityId };
  if (value === 0) {
    diag.warn("PenaltyConsistency", `${file}: ${field} is 0; the violation it prices becomes free`, ctx);
    return;
  }
  diag.error(
    "PenaltyConsistency",
    `${file}: ${field} = ${value}; penalty costs must be > 0 and finite`,
    ctx,
    "use a positive cost",
  );
}

function checkSegments(
  diag: Diagnostics,
  segments: readonly Segment[],
  file: string,
  at: string,
  entityId?: number,
): void {
  const ctx = (field: string) => (entityId === undefined ? { file, field } : { file, field, entity_id: entityId });
  if (segments.length === 0) {
    diag.error(
      "PenaltyConsistency",
      `${file}: ${at} is empty`,
      ctx(at),
      "add at least one segment with depth_mw: null",
    );
    return;
  }
  segments.forEach((s, k) => {
    positive(diag, s.cost, file, `${at}[${k}].cost`, entityId);
    const last = k === segments.length - 1;
    const depth = s.depth_mw ?? null;
    if (last && depth !== null) {
      diag.error(
        "PenaltyConsistency",
        `${file}: the last deficit segment of ${at} must have depth_mw: null`,
        ctx(`${at}[${k}].depth_mw`),
        "set depth_mw to null on the last segment",
      );
    }
    if (!last && (depth === null || !(depth > 0))) {
      diag.error(
        "PenaltyConsistency",
        `${file}: ${at}[${k}].depth_mw must be a positive number (only the last segment is unbounded)`,
        ctx(`${at}[${k}].depth_mw`),
      );
    }
    const prev = segments[k - 1];
    if (prev && !(s.cost > prev.cost)) {
      diag.error(
        "PenaltyConsistency",
        `${file}: deficit costs of ${at} must increase (segment ${k}: ${s.cost} <= ${prev.cost})`,
        ctx(`${at}[${k}].cost`),
        "order segments by increasing cost",
      );
    }
  });
}

/** Runs the penalty rules of layer 5. */
export function checkPenaltySemantics(raw: RawCase, diag: Diagnostics): void {
  const p = raw.json.penalties;
  const pf = "penalties.json";
  if (p) {
    checkSegments(diag, p.bus.deficit_segments, pf, "bus.deficit_segments");
    positive(diag, p.bus.excess_cost, pf, "bus.excess_cost");
    positive(diag, p.line.exchange_cost, pf, "line.exchange_cost");
    positive(diag, p.non_controllable_source.curtailment_cost, pf, "non_controllable_source.curtailment_cost");
    for (const [k, v] of Object.entries(p.hydro)) positive(diag, v, pf, `hydro.${k}`);
    if (p.hydro.spillage_cost >= p.hydro.storage_violation_below_cost) {
      diag.warn(
        "PenaltyConsistency",
        `${pf}: spillage_cost >= storage_violation_below_cost; the solver may prefer violating storage to spilling`,
        { file: pf, field: "hydro.spillage_cost" },
      );
    }
    const maxDeficit = Math.max(...p.bus.deficit_segments.map((s) => s.cost));
    const maxThermal = Math.max(
      ...(raw.json.thermals?.thermals ?? []).map((t) => t.cost_per_mwh),
      Number.NEGATIVE_INFINITY,
    );
    if (maxThermal > maxDeficit) {
      diag.warn(
        "PenaltyConsistency",
        `${pf}: the highest deficit cost (${maxDeficit}) is below the costliest thermal (${maxThermal}); shedding load will be preferred`,
        { file: pf, field: "bus.deficit_segments" },
      );
    }
  }
  raw.json.buses?.buses.forEach((b, i) => {
    if (b.deficit_segments && b.deficit_segments.length > 0) {
      checkSegments(diag, b.deficit_segments, "system/buses.json", `buses[${i}].deficit_segments`, b.id);
    }
  });
  raw.json.hydros?.hydros.forEach((h, i) => {
    for (const [k, v] of Object.entries(h.penalties ?? {}))
      positive(diag, v, "system/hydros.json", `hydros[${i}].penalties.${k}`, h.id);
  });
  raw.json.lines?.lines.forEach((l, i) => {
    positive(diag, l.exchange_cost, "system/lines.json", `lines[${i}].exchange_cost`, l.id);
  });
  raw.json.ncs?.non_controllable_sources.forEach((n, i) => {
    positive(
      diag,
      n.curtailment_cost,
      "system/non_controllable_sources.json",
      `non_controllable_sources[${i}].curtailment_cost`,
      n.id,
    );
  });
  const gf = "constraints/generic_constraints.json";
  raw.json.genericConstraints?.constraints.forEach((c, i) => {
    if (c.slack.enabled && (c.slack.penalty === null || c.slack.penalty === undefined)) {
      diag.error(
        "PenaltyConsistency",
        `${gf}: constraint ${c.id} enables slack without a penalty`,
        { file: gf, field: `constraints[${i}].slack.penalty`, entity_id: c.id },
        "set slack.penalty > 0",
      );
    }
    positive(diag, c.slack.penalty, gf, `constraints[${i}].slack.penalty`, c.id);
  });
  const overrides: [ParquetFile, readonly string[], string][] = [
    ["constraints/penalty_overrides_bus.parquet", ["excess_cost"], "bus_id"],
    ["constraints/penalty_overrides_line.parquet", ["exchange_cost"], "line_id"],
    ["constraints/penalty_overrides_hydro.parquet", HYDRO_PENALTY_COLUMNS, "hydro_id"],
    ["constraints/penalty_overrides_ncs.parquet", ["curtailment_cost"], "source_id"],
  ];
  for (const [file, cols, idCol] of overrides) {
    rowsOf(raw, file).forEach((row) => {
      for (const col of cols) {
        const v = row[col];
        const id = row[idCol];
        if (typeof v === "number") positive(diag, v, file, col, typeof id === "number" ? id : undefined);
      }
    });
  }
}
