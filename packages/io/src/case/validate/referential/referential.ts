/**
 * Layer 3 (referential): ids are unique within their file and every cross-reference
 * (bus, downstream hydro, stage, block, season, constraint, ...) resolves.
 */
import { BLOCK_VARIABLES, type ConstraintEntityClass, STAGE_VARIABLES, VARIABLE_ENTITY } from "@cobre/core";
import { parsedExpressions } from "../../read/generic-expressions";
import { buildIndex, type CaseIndex } from "../case-index";
import type { Diagnostics } from "../../diagnostics";
import type { ParquetFile } from "../../read/parquet-columns";
import { num, rowsOf, type RawCase } from "../../read/raw-case";

type Ref = { file: string; field: string; entityId?: number | undefined; value: number | null | undefined };

function makeRef(diag: Diagnostics) {
  return (set: ReadonlySet<number>, what: string, r: Ref): void => {
    if (r.value === null || r.value === undefined || set.has(r.value)) return;
    const context =
      r.entityId === undefined
        ? { file: r.file, field: r.field }
        : { file: r.file, field: r.field, entity_id: r.entityId };
    diag.error(
      "MissingReference",
      `${r.file}: ${r.field} = ${r.value} refers to no ${what}`,
      context,
      `define ${what} ${r.value} or fix the id`,
    );
  };
}

function checkDuplicates(diag: Diagnostics, file: string, key: string, items: readonly { id: number }[]): void {
  const seen = new Set<number>();
  items.forEach((item, i) => {
    if (seen.has(item.id)) {
      diag.error(
        "DuplicateId",
        `${file}: id ${item.id} appears more than once`,
        { file, field: `${key}[${i}].id`, entity_id: item.id },
        "give every entry a unique id",
      );
    }
    seen.add(item.id);
  });
}

function checkEntityFiles(raw: RawCase, idx: CaseIndex, diag: Diagnostics): void {
  const j = raw.json;
  const ref = makeRef(diag);
  const lists: [string, string, readonly { id: number }[] | undefined][] = [
    ["system/buses.json", "buses", j.buses?.buses],
    ["system/lines.json", "lines", j.lines?.lines],
    ["system/hydros.json", "hydros", j.hydros?.hydros],
    ["system/thermals.json", "thermals", j.thermals?.thermals],
    ["system/non_controllable_sources.json", "non_controllable_sources", j.ncs?.non_controllable_sources],
    ["system/pumping_stations.json", "pumping_stations", j.pumping?.pumping_stations],
    ["system/energy_contracts.json", "contracts", j.contracts?.contracts],
    ["constraints/generic_constraints.json", "constraints", j.genericConstraints?.constraints],
    ["stages.json", "stages", j.stages?.stages],
    ["stages.json", "pre_study_stages", j.stages?.pre_study_stages],
    ["stages.json", "season_definitions.seasons", j.stages?.season_definitions?.seasons],
  ];
  for (const [file, key, items] of lists) if (items) checkDuplicates(diag, file, key, items);
  j.stages?.stages.forEach((s, i) => {
    checkDuplicates(diag, "stages.json", `stages[${i}].blocks`, s.blocks);
  });
  const pm = j.productionModels?.production_models;
  if (pm)
    checkDuplicates(
      diag,
      "system/hydro_production_models.json",
      "production_models",
      pm.map((m) => ({ id: m.hydro_id })),
    );

  j.lines?.lines.forEach((l, i) => {
    const f = "system/lines.json";
    ref(idx.buses, "bus", { file: f, field: `lines[${i}].source_bus_id`, entityId: l.id, value: l.source_bus_id });
    ref(idx.buses, "bus", { file: f, field: `lines[${i}].target_bus_id`, entityId: l.id, value: l.target_bus_id });
  });
  j.hydros?.hydros.forEach((h, i) => {
    const f = "system/hydros.json";
    ref(idx.buses, "bus", { file: f, field: `hydros[${i}].bus_id`, entityId: h.id, value: h.bus_id });
    ref(idx.hydros, "hydro", { file: f, field: `hydros[${i}].downstream_id`, entityId: h.id, value: h.downstream_id });
    ref(idx.hydros, "hydro", {
      file: f,
      field: `hydros[${i}].diversion.downstream_id`,
      entityId: h.id,
      value: h.diversion?.downstream_id,
    });
  });
  j.thermals?.thermals.forEach((t, i) => {
    ref(idx.buses, "bus", {
      file: "system/thermals.json",
      field: `thermals[${i}].bus_id`,
      entityId: t.id,
      value: t.bus_id,
    });
  });
  j.ncs?.non_controllable_sources.forEach((n, i) => {
    ref(idx.buses, "bus", {
      file: "system/non_controllable_sources.json",
      field: `non_controllable_sources[${i}].bus_id`,
      entityId: n.id,
      value: n.bus_id,
    });
  });
  j.contracts?.contracts.forEach((c, i) => {
    ref(idx.buses, "bus", {
      file: "system/energy_contracts.json",
      field: `contracts[${i}].bus_id`,
      entityId: c.id,
      value: c.bus_id,
    });
  });
  j.pumping?.pumping_stations.forEach((p, i) => {
    const f = "system/pumping_stations.json";
    ref(idx.buses, "bus", { file: f, field: `pumping_stations[${i}].bus_id`, entityId: p.id, value: p.bus_id });
    ref(idx.hydros, "hydro", {
      file: f,
      field: `pumping_stations[${i}].source_hydro_id`,
      entityId: p.id,
      value: p.source_hydro_id,
    });
    ref(idx.hydros, "hydro", {
      file: f,
      field: `pumping_stations[${i}].destination_hydro_id`,
      entityId: p.id,
      value: p.destination_hydro_id,
    });
  });
  pm?.forEach((m, i) => {
    ref(idx.hydros, "hydro", {
      file: "system/hydro_production_models.json",
      field: `production_models[${i}].hydro_id`,
      entityId: m.hydro_id,
      value: m.hydro_id,
    });
  });
}

function checkStagesAndConditions(raw: RawCase, idx: CaseIndex, diag: Diagnostics): void {
  const j = raw.json;
  const ref = makeRef(diag);
  const sf = "stages.json";
  if (idx.seasons) {
    const seasons = idx.seasons;
    j.stages?.stages.forEach((s, i) => {
      ref(seasons, "season", { file: sf, field: `stages[${i}].season_id`, entityId: s.id, value: s.season_id });
    });
    j.stages?.pre_study_stages?.forEach((s, i) => {
      ref(seasons, "season", {
        file: sf,
        field: `pre_study_stages[${i}].season_id`,
        entityId: s.id,
        value: s.season_id,
      });
    });
  }
  j.stages?.policy_graph.transitions?.forEach((t, i) => {
    ref(idx.stages, "stage", { file: sf, field: `policy_graph.transitions[${i}].source_id`, value: t.source_id });
    ref(idx.stages, "stage", { file: sf, field: `policy_graph.transitions[${i}].target_id`, value: t.target_id });
  });
  const ic = j.initialConditions;
  const icf = "initial_conditions.json";
  const lists = [
    ["storage", ic?.storage],
    ["filling_storage", ic?.filling_storage],
    ["past_inflows", ic?.past_inflows],
    ["recent_observations", ic?.recent_observations],
  ] as const;
  for (const [key, items] of lists) {
    items?.forEach((e, i) => {
      ref(idx.hydros, "hydro", { file: icf, field: `${key}[${i}].hydro_id`, entityId: e.hydro_id, value: e.hydro_id });
    });
  }
  if (idx.seasons) {
    const seasons = idx.seasons;
    ic?.past_inflows?.forEach((p, i) => {
      p.season_ids?.forEach((s, k) => {
        ref(seasons, "season", {
          file: icf,
          field: `past_inflows[${i}].season_ids[${k}]`,
          entityId: p.hydro_id,
          value: s,
        });
      });
    });
  }
}

/** Entity column and target set of each Parquet table whose rows refer to entities. */
function parquetRefs(idx: CaseIndex): [ParquetFile, string, ReadonlySet<number>, string, ReadonlySet<number> | null][] {
  return [
    ["system/hydro_geometry.parquet", "hydro_id", idx.hydros, "hydro", null],
    ["system/fpha_hyperplanes.parquet", "hydro_id", idx.hydros, "hydro", idx.stages],
    ["scenarios/inflow_history.parquet", "hydro_id", idx.hydros, "hydro", null],
    ["scenarios/inflow_seasonal_stats.parquet", "hydro_id", idx.hydros, "hydro", idx.allStages],
    ["scenarios/inflow_ar_coefficients.parquet", "hydro_id", idx.hydros, "hydro", idx.allStages],
    ["scenarios/inflow_annual_component.parquet", "hydro_id", idx.hydros, "hydro", idx.allStages],
    ["scenarios/external_inflow_scenarios.parquet", "hydro_id", idx.hydros, "hydro", idx.stages],
    ["scenarios/external_load_scenarios.parquet", "bus_id", idx.buses, "bus", idx.stages],
    ["scenarios/external_ncs_scenarios.parquet", "ncs_id", idx.ncs, "non-controllable source", idx.stages],
    ["scenarios/load_seasonal_stats.parquet", "bus_id", idx.buses, "bus", idx.allStages],
    ["scenarios/non_controllable_stats.parquet", "ncs_id", idx.ncs, "non-controllable source", idx.stages],
    ["constraints/thermal_bounds.parquet", "thermal_id", idx.thermals, "thermal", idx.stages],
    ["constraints/hydro_bounds.parquet", "hydro_id", idx.hydros, "hydro", idx.stages],
    ["constraints/line_bounds.parquet", "line_id", idx.lines, "line", idx.stages],
    ["constraints/pumping_bounds.parquet", "station_id", idx.pumping, "pumping station", idx.stages],
    ["constraints/contract_bounds.parquet", "contract_id", idx.contracts, "energy contract", idx.stages],
    ["constraints/ncs_bounds.parquet", "ncs_id", idx.ncs, "non-controllable source", idx.stages],
    [
      "constraints/generic_constraint_bounds.parquet",
      "constraint_id",
      idx.genericConstraints,
      "generic constraint",
      idx.stages,
    ],
    ["constraints/penalty_overrides_bus.parquet", "bus_id", idx.buses, "bus", idx.stages],
    ["constraints/penalty_overrides_line.parquet", "line_id", idx.lines, "line", idx.stages],
    ["constraints/penalty_overrides_hydro.parquet", "hydro_id", idx.hydros, "hydro", idx.stages],
    ["constraints/penalty_overrides_ncs.parquet", "source_id", idx.ncs, "non-controllable source", idx.stages],
  ];
}

/** Reports at most one error per (file, column, missing id), so a bad id does not flood the report. */
function checkParquetRefs(raw: RawCase, idx: CaseIndex, diag: Diagnostics): void {
  for (const [file, col, set, what, stages] of parquetRefs(idx)) {
    const reported = new Set<string>();
    rowsOf(raw, file).forEach((row, i) => {
      const id = num(row, col);
      if (!set.has(id) && !reported.has(`${col}:${id}`)) {
        reported.add(`${col}:${id}`);
        diag.error("MissingReference", `${file} row ${i}: ${col} = ${id} refers to no ${what}`, {
          file,
          field: col,
          entity_id: id,
          row: i,
        });
      }
      const stage = row.stage_id;
      if (stages && typeof stage === "number" && !stages.has(stage) && !reported.has(`stage:${stage}`)) {
        reported.add(`stage:${stage}`);
        diag.error("StageMismatch", `${file} row ${i}: stage_id = ${stage} is not a stage of stages.json`, {
          file,
          field: "stage_id",
          stage_id: stage,
          row: i,
        });
      }
    });
  }
}

function checkJsonTables(raw: RawCase, idx: CaseIndex, diag: Diagnostics): void {
  const j = raw.json;
  const tables: [
    string,
    string,
    string,
    ReadonlySet<number>,
    readonly { stage_id: number; block_factors: readonly { block_id: number }[]; id: number }[],
  ][] = [
    [
      "scenarios/load_factors.json",
      "load_factors",
      "bus_id",
      idx.buses,
      (j.loadFactors?.load_factors ?? []).map((e) => ({ ...e, id: e.bus_id })),
    ],
    [
      "scenarios/non_controllable_factors.json",
      "non_controllable_factors",
      "ncs_id",
      idx.ncs,
      (j.ncsFactors?.non_controllable_factors ?? []).map((e) => ({ ...e, id: e.ncs_id })),
    ],
    [
      "constraints/exchange_factors.json",
      "exchange_factors",
      "line_id",
      idx.lines,
      (j.exchangeFactors?.exchange_factors ?? []).map((e) => ({ ...e, id: e.line_id })),
    ],
  ];
  const ref = makeRef(diag);
  for (const [file, key, col, set, entries] of tables) {
    entries.forEach((e, i) => {
      ref(set, col.replace("_id", ""), { file, field: `${key}[${i}].${col}`, entityId: e.id, value: e.id });
      if (!idx.stages.has(e.stage_id)) {
        diag.error("StageMismatch", `${file}: ${key}[${i}].stage_id = ${e.stage_id} is not a stage of stages.json`, {
          file,
          field: `${key}[${i}].stage_id`,
          entity_id: e.id,
          stage_id: e.stage_id,
        });
        return;
      }
      const blocks = idx.blocks.get(e.stage_id) ?? new Set<number>();
      e.block_factors.forEach((b, k) => {
        ref(blocks, `block of stage ${e.stage_id}`, {
          file,
          field: `${key}[${i}].block_factors[${k}].block_id`,
          entityId: e.id,
          value: b.block_id,
        });
      });
    });
  }
  rowsOf(raw, "constraints/generic_constraint_bounds.parquet").forEach((row, i) => {
    const block = row.block_id;
    const blocks = idx.blocks.get(num(row, "stage_id"));
    if (typeof block === "number" && blocks && !blocks.has(block)) {
      diag.error(
        "MissingReference",
        `constraints/generic_constraint_bounds.parquet row ${i}: block_id = ${block} is not a block of stage ${num(row, "stage_id")}`,
        { file: "constraints/generic_constraint_bounds.parquet", field: "block_id", row: i },
      );
    }
  });
}

/**
 * Generic constraint expressions, parsed by the one parser of @cobre/core: a syntax error
 * is a `ParseError` with the constraint id and the column; a name outside the variable
 * catalogue or an entity id absent from its registry is a `MissingReference`.
 */
function checkExpressions(raw: RawCase, idx: CaseIndex, diag: Diagnostics): void {
  const setFor: Record<ConstraintEntityClass, ReadonlySet<number>> = {
    hydro: idx.hydros,
    thermal: idx.thermals,
    line: idx.lines,
    bus: idx.buses,
    ncs: idx.ncs,
    pumping: idx.pumping,
    contract: idx.contracts,
  };
  const f = "constraints/generic_constraints.json";
  const parsed = parsedExpressions(raw);
  // Stages where each constraint has a bound row: a block argument must be a block of each.
  const boundStages = new Map<number, Set<number>>();
  for (const row of rowsOf(raw, "constraints/generic_constraint_bounds.parquet")) {
    const id = num(row, "constraint_id");
    const stages = boundStages.get(id) ?? new Set<number>();
    stages.add(num(row, "stage_id"));
    boundStages.set(id, stages);
  }
  raw.json.genericConstraints?.constraints.forEach((c, i) => {
    const field = `constraints[${i}].expression`;
    const r = parsed[i];
    if (r === undefined) return;
    if (!r.ok) {
      const { kind, message, column } = r.error;
      diag.error(
        kind === "UnknownVariable" ? "MissingReference" : "ParseError",
        `${f}: constraint ${c.id} ("${c.name}"): ${message}`,
        { file: f, field, entity_id: c.id, column },
        kind === "UnknownVariable"
          ? `use one of the variables of the catalogue: ${[...STAGE_VARIABLES, ...BLOCK_VARIABLES].join(", ")}`
          : "terms are [number *] variable(entity_id[, block_id]) or a number, joined by + or -",
      );
      return;
    }
    for (const t of r.value.terms) {
      const cls = VARIABLE_ENTITY[t.variable];
      if (!setFor[cls].has(t.entityId)) {
        diag.error(
          "MissingReference",
          `${f}: constraint ${c.id} ("${c.name}"): ${t.variable}(${t.entityId}) at column ${t.column} refers to ${cls} ${t.entityId}, which does not exist`,
          { file: f, field, entity_id: c.id, column: t.column },
          `define ${cls} ${t.entityId} or fix the id`,
        );
      }
      if (t.blockId === null) continue;
      for (const stage of boundStages.get(c.id) ?? []) {
        if (idx.blocks.get(stage)?.has(t.blockId) === false) {
          diag.error(
            "MissingReference",
            `${f}: constraint ${c.id} ("${c.name}"): ${t.variable}(${t.entityId}, ${t.blockId}) at column ${t.column} refers to block ${t.blockId}, which stage ${stage} does not have`,
            { file: f, field, entity_id: c.id, column: t.column, stage_id: stage },
            "use a block id of every stage the constraint is bound at, or drop the block argument",
          );
        }
      }
    }
  });
}

function checkCorrelationRefs(raw: RawCase, idx: CaseIndex, diag: Diagnostics): void {
  const corr = raw.json.correlation;
  if (!corr) return;
  const f = "scenarios/correlation.json";
  const sets: Record<string, ReadonlySet<number>> = { inflow: idx.hydros, load: idx.buses, ncs: idx.ncs };
  const ref = makeRef(diag);
  for (const [name, p] of Object.entries(corr.profiles)) {
    p.correlation_groups.forEach((g, gi) => {
      g.entities.forEach((e, ei) => {
        const set = sets[e.type];
        if (set)
          ref(set, `${e.type} entity`, {
            file: f,
            field: `profiles.${name}.correlation_groups[${gi}].entities[${ei}].id`,
            entityId: e.id,
            value: e.id,
          });
      });
    });
  }
  corr.schedule?.forEach((s, i) => {
    if (!(s.profile_name in corr.profiles)) {
      diag.error("MissingReference", `${f}: schedule[${i}].profile_name '${s.profile_name}' is not a profile`, {
        file: f,
        field: `schedule[${i}].profile_name`,
      });
    }
    ref(idx.stages, "stage", { file: f, field: `schedule[${i}].stage_id`, value: s.stage_id });
  });
}

/** Runs layer 3 on a schema-valid case. */
export function checkReferences(raw: RawCase, diag: Diagnostics): void {
  const idx = buildIndex(raw);
  checkEntityFiles(raw, idx, diag);
  checkStagesAndConditions(raw, idx, diag);
  checkParquetRefs(raw, idx, diag);
  checkJsonTables(raw, idx, diag);
  checkExpressions(raw, idx, diag);
  checkCorrelationRefs(raw, idx, diag);
}
