/**
 * Layer 4 (dimensional): tables cover what the study needs — stages have blocks and
 * consistent dates, stochastic tables cover every (entity, stage), AR lags are
 * contiguous, fixed-length arrays have their length, matrices match their entity lists.
 */
import { isInService } from "@cobre/core";
import { buildIndex, type CaseIndex } from "../case-index";
import type { Diagnostics } from "../../diagnostics";
import { checkFphaCoverage, checkNoiseOpenings } from "./dimensional-tables";
import type { ParquetFile } from "../../read/parquet-columns";
import { num, rowsOf, type RawCase } from "../../read/raw-case";

function checkStageStructure(raw: RawCase, diag: Diagnostics): void {
  const f = "stages.json";
  const stages = [...(raw.json.stages?.stages ?? [])].sort((a, b) => a.id - b.id);
  if (stages.length === 0) {
    diag.error("CoverageMismatch", "stages.json defines no study stage", { file: f, field: "stages" });
  }
  stages.forEach((s) => {
    if (s.blocks.length === 0) {
      diag.error("CoverageMismatch", `stages.json: stage ${s.id} has no blocks`, {
        file: f,
        field: "blocks",
        entity_id: s.id,
        stage_id: s.id,
      });
    }
    if (!(Date.parse(s.end_date) > Date.parse(s.start_date))) {
      diag.error(
        "StageMismatch",
        `stages.json: stage ${s.id} end_date ${s.end_date} is not after start_date ${s.start_date}`,
        { file: f, field: "end_date", entity_id: s.id, stage_id: s.id },
      );
    }
  });
  for (let i = 1; i < stages.length; i++) {
    const prev = stages[i - 1];
    const cur = stages[i];
    if (!prev || !cur) continue;
    // DECOMP-style studies overlap (a monthly stage after weekly ones), so overlaps are
    // legitimate; only gaps are worth a warning.
    const gap = Date.parse(cur.start_date) - Date.parse(prev.end_date);
    if (gap > 0) {
      diag.warn("StageMismatch", `stages.json: gap between stage ${prev.id} and stage ${cur.id}`, {
        file: f,
        field: "start_date",
        entity_id: cur.id,
        stage_id: cur.id,
      });
    }
  }
}

/** Every (entity, stage) pair of `required` must have exactly one row in `file`. */
function checkCoverage(
  raw: RawCase,
  diag: Diagnostics,
  file: ParquetFile,
  col: string,
  required: ReadonlyMap<number, readonly number[]>,
): void {
  const seen = new Map<string, number>();
  rowsOf(raw, file).forEach((row, i) => {
    const key = `${num(row, col)}:${num(row, "stage_id")}`;
    if (seen.has(key)) {
      diag.error(
        "DuplicateId",
        `${file} row ${i}: duplicate row for ${col} ${num(row, col)}, stage ${num(row, "stage_id")}`,
        { file, field: col, entity_id: num(row, col), stage_id: num(row, "stage_id"), row: i },
      );
    }
    seen.set(key, i);
  });
  for (const [id, stages] of required) {
    const missing = stages.filter((s) => !seen.has(`${id}:${s}`));
    if (missing.length === 0) continue;
    diag.error(
      "CoverageMismatch",
      `${file}: ${col} ${id} has no row for stage(s) ${missing.slice(0, 10).join(", ")}${missing.length > 10 ? ", ..." : ""}`,
      { file, field: col, entity_id: id, stage_id: missing[0] },
      `add one row per stage for ${col} ${id}`,
    );
  }
}

function inServiceStages(
  idx: CaseIndex,
  e: { entry_stage_id?: number | null; exit_stage_id?: number | null },
): number[] {
  const entity = { entryStageId: e.entry_stage_id ?? null, exitStageId: e.exit_stage_id ?? null };
  return idx.stageOrder.filter((s) => isInService(entity, s));
}

function checkStochasticCoverage(raw: RawCase, idx: CaseIndex, diag: Diagnostics): void {
  const history = new Set(rowsOf(raw, "scenarios/inflow_history.parquet").map((r) => num(r, "hydro_id")));
  const inflowNeeds = new Map<number, number[]>();
  for (const h of raw.json.hydros?.hydros ?? []) {
    // Hydros with history get their statistics estimated, so they need no rows.
    if (!history.has(h.id)) inflowNeeds.set(h.id, inServiceStages(idx, h));
  }
  checkCoverage(raw, diag, "scenarios/inflow_seasonal_stats.parquet", "hydro_id", inflowNeeds);

  const byEntity = (file: ParquetFile, col: string): Map<number, number[]> => {
    const m = new Map<number, number[]>();
    for (const r of rowsOf(raw, file)) m.set(num(r, col), [...idx.stageOrder]);
    return m;
  };
  // Buses/sources without rows have no stochastic load/availability; those with rows need all stages.
  checkCoverage(
    raw,
    diag,
    "scenarios/load_seasonal_stats.parquet",
    "bus_id",
    byEntity("scenarios/load_seasonal_stats.parquet", "bus_id"),
  );
  checkCoverage(
    raw,
    diag,
    "scenarios/non_controllable_stats.parquet",
    "ncs_id",
    byEntity("scenarios/non_controllable_stats.parquet", "ncs_id"),
  );

  // The annual component is optional per (hydro, stage) (stages without one stay classical
  // PAR(p)), so only duplicates are errors.
  checkCoverage(raw, diag, "scenarios/inflow_annual_component.parquet", "hydro_id", new Map());

  const f = "scenarios/inflow_ar_coefficients.parquet";
  const lags = new Map<string, number[]>();
  for (const r of rowsOf(raw, f)) {
    const key = `${num(r, "hydro_id")}:${num(r, "stage_id")}`;
    lags.set(key, [...(lags.get(key) ?? []), num(r, "lag")]);
  }
  for (const [key, list] of lags) {
    const sorted = [...list].sort((a, b) => a - b);
    if (sorted.some((lag, i) => lag !== i + 1)) {
      const [hydro, stage] = key.split(":").map(Number);
      diag.error(
        "CoverageMismatch",
        `${f}: lags of hydro ${hydro}, stage ${stage} are ${sorted.join(",")}; expected 1..${sorted.length}`,
        { file: f, field: "lag", entity_id: hydro ?? -1, stage_id: stage ?? -1 },
      );
    }
  }
  for (const [file, col] of [
    ["scenarios/external_inflow_scenarios.parquet", "hydro_id"],
    ["scenarios/external_load_scenarios.parquet", "bus_id"],
    ["scenarios/external_ncs_scenarios.parquet", "ncs_id"],
  ] as const) {
    const stagesOf = new Map<number, Set<number>>();
    for (const r of rowsOf(raw, file)) {
      const set = stagesOf.get(num(r, col)) ?? new Set<number>();
      set.add(num(r, "stage_id"));
      stagesOf.set(num(r, col), set);
    }
    for (const [id, set] of stagesOf) {
      const missing = idx.stageOrder.filter((s) => !set.has(s));
      if (missing.length > 0) {
        diag.error("CoverageMismatch", `${file}: ${col} ${id} has no scenarios for stage(s) ${missing.join(", ")}`, {
          file,
          field: col,
          entity_id: id,
          stage_id: missing[0],
        });
      }
    }
  }
}

function checkArrays(raw: RawCase, idx: CaseIndex, diag: Diagnostics): void {
  const hf = "system/hydros.json";
  raw.json.hydros?.hydros.forEach((h, i) => {
    const ev = h.evaporation;
    if (ev && ev.coefficients_mm.length !== 12) {
      diag.error(
        "CoverageMismatch",
        `${hf}: hydro ${h.id} has ${ev.coefficients_mm.length} evaporation coefficients; expected 12`,
        { file: hf, field: `hydros[${i}].evaporation.coefficients_mm`, entity_id: h.id },
      );
    }
    if (ev?.reference_volumes_hm3 && ev.reference_volumes_hm3.length !== 12) {
      diag.error(
        "CoverageMismatch",
        `${hf}: hydro ${h.id} has ${ev.reference_volumes_hm3.length} reference volumes; expected 12`,
        { file: hf, field: `hydros[${i}].evaporation.reference_volumes_hm3`, entity_id: h.id },
      );
    }
  });
  const icf = "initial_conditions.json";
  const ic = raw.json.initialConditions;
  ic?.past_inflows?.forEach((p, i) => {
    if (p.season_ids && p.season_ids.length !== p.values_m3s.length) {
      diag.error(
        "CoverageMismatch",
        `${icf}: past_inflows[${i}] has ${p.season_ids.length} season_ids for ${p.values_m3s.length} values`,
        { file: icf, field: `past_inflows[${i}].season_ids`, entity_id: p.hydro_id },
      );
    }
  });
  const covered = new Set([...(ic?.storage ?? []), ...(ic?.filling_storage ?? [])].map((s) => s.hydro_id));
  raw.json.hydros?.hydros.forEach((h, i) => {
    // A run-of-river plant (no storage range) needs no initial storage.
    if (h.reservoir.max_storage_hm3 > 0 && !covered.has(h.id)) {
      diag.error(
        "CoverageMismatch",
        `${icf}: hydro ${h.id} has no initial storage`,
        { file: icf, field: "storage", entity_id: h.id },
        `add { "hydro_id": ${h.id}, "value_hm3": ... } to storage`,
      );
    }
    void i;
  });
  const cf = "scenarios/correlation.json";
  for (const [name, p] of Object.entries(raw.json.correlation?.profiles ?? {})) {
    p.correlation_groups.forEach((g, gi) => {
      const n = g.entities.length;
      if (g.matrix.length !== n || g.matrix.some((row) => row.length !== n)) {
        diag.error("CoverageMismatch", `${cf}: profile '${name}' group '${g.name}' matrix is not ${n}x${n}`, {
          file: cf,
          field: `profiles.${name}.correlation_groups[${gi}].matrix`,
        });
      }
    });
  }
  void idx;
}

/** Runs layer 4 on a schema-valid case. */
export function checkDimensions(raw: RawCase, diag: Diagnostics): void {
  const idx = buildIndex(raw);
  checkStageStructure(raw, diag);
  checkStochasticCoverage(raw, idx, diag);
  checkArrays(raw, idx, diag);
  checkFphaCoverage(raw, diag);
  checkNoiseOpenings(raw, idx, diag);
}
