/** Layer 4 checks of the FPHA tables and the user-supplied opening tree. */
import type { CaseIndex } from "../case-index";
import type { Diagnostics } from "../../diagnostics";
import { num, rowsOf, type RawCase } from "../../read/raw-case";

/** Hydros using FPHA need precomputed planes or geometry to compute them from. */
export function checkFphaCoverage(raw: RawCase, diag: Diagnostics): void {
  const planes = new Set(rowsOf(raw, "system/fpha_hyperplanes.parquet").map((r) => num(r, "hydro_id")));
  const geometry = new Set(rowsOf(raw, "system/hydro_geometry.parquet").map((r) => num(r, "hydro_id")));
  const sources = new Map<number, Set<string>>();
  for (const m of raw.json.productionModels?.production_models ?? []) {
    const choices = m.selection_mode === "stage_ranges" ? m.stage_ranges : m.seasons;
    for (const c of choices) {
      if (c.model === "fpha") {
        const set = sources.get(m.hydro_id) ?? new Set<string>();
        set.add(c.fpha_config?.source ?? "precomputed");
        sources.set(m.hydro_id, set);
      }
    }
  }
  for (const h of raw.json.hydros?.hydros ?? []) {
    if (h.generation.model === "fpha" && !sources.has(h.id)) sources.set(h.id, new Set(["precomputed"]));
    if (h.evaporation && !geometry.has(h.id)) {
      diag.warn(
        "CoverageMismatch",
        `hydro ${h.id} has evaporation but no rows in system/hydro_geometry.parquet`,
        { file: "system/hydro_geometry.parquet", field: "hydro_id", entity_id: h.id },
        "evaporation is linearized with the geometry curve",
      );
    }
  }
  for (const [id, set] of sources) {
    if (set.has("precomputed") && !planes.has(id)) {
      diag.error(
        "CoverageMismatch",
        `hydro ${id} uses precomputed FPHA but system/fpha_hyperplanes.parquet has no planes for it`,
        { file: "system/fpha_hyperplanes.parquet", field: "hydro_id", entity_id: id },
        'add its hyperplanes or use fpha_config.source = "computed"',
      );
    }
    if (set.has("computed") && !geometry.has(id)) {
      diag.error(
        "CoverageMismatch",
        `hydro ${id} uses computed FPHA but system/hydro_geometry.parquet has no curve for it`,
        { file: "system/hydro_geometry.parquet", field: "hydro_id", entity_id: id },
      );
    }
  }
}

/**
 * The opening tree must be complete: n_stages × openings × entities values, the entities
 * being the book's system dimension order — hydros, stochastic load buses, then the
 * non-controllable sources with availability statistics.
 */
export function checkNoiseOpenings(raw: RawCase, idx: CaseIndex, diag: Diagnostics): void {
  const rows = raw.parquet["scenarios/noise_openings.parquet"];
  if (!rows) return;
  const f = "scenarios/noise_openings.parquet";
  // Only stochastic load buses (std_mw > 0 at some stage) carry noise, as in the book.
  const loadBuses = new Set(
    rowsOf(raw, "scenarios/load_seasonal_stats.parquet")
      .filter((r) => num(r, "std_mw") > 0)
      .map((r) => num(r, "bus_id")),
  );
  const stochasticNcs = new Set(
    rowsOf(raw, "scenarios/non_controllable_stats.parquet")
      .map((r) => num(r, "ncs_id"))
      .filter((id) => idx.ncs.has(id)),
  );
  const nEntities = idx.hydros.size + loadBuses.size + stochasticNcs.size;
  const entities = new Set(rows.map((r) => num(r, "entity_index")));
  if (entities.size !== nEntities) {
    diag.error(
      "CoverageMismatch",
      `${f}: ${entities.size} distinct entity_index values; expected ${nEntities} (hydros + stochastic load buses + NCS with statistics)`,
      { file: f, field: "entity_index" },
    );
  }
  const stages = new Set(rows.map((r) => num(r, "stage_id")));
  if (stages.size !== idx.stageOrder.length) {
    diag.error("StageMismatch", `${f}: ${stages.size} distinct stage_id values; expected ${idx.stageOrder.length}`, {
      file: f,
      field: "stage_id",
    });
  }
  const perStage = new Map<number, Set<string>>();
  const openings = new Map<number, number>();
  for (const r of rows) {
    const s = num(r, "stage_id");
    const set = perStage.get(s) ?? new Set<string>();
    set.add(`${num(r, "opening_index")}:${num(r, "entity_index")}`);
    perStage.set(s, set);
    openings.set(s, Math.max(openings.get(s) ?? 0, num(r, "opening_index") + 1));
  }
  for (const [s, set] of perStage) {
    const expected = (openings.get(s) ?? 0) * nEntities;
    if (set.size !== expected) {
      diag.error(
        "CoverageMismatch",
        `${f}: stage ${s} has ${set.size} (opening, entity) values; expected ${expected}`,
        { file: f, field: "opening_index", stage_id: s },
      );
    }
  }
}
