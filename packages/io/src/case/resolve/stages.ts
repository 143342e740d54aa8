/** `stages.json`, `penalties.json` and `initial_conditions.json` → core types. */
import type {
  GlobalPenalties,
  InitialConditions,
  PolicyGraph,
  PreStudyStage,
  RawInitialConditionsFile,
  RawPenaltiesFile,
  RawStagesFile,
  RiskMeasure,
  SeasonDefinitions,
  Stage,
} from "@cobre/core";

type RawRisk = RawStagesFile["stages"][number]["risk_measure"];

function riskMeasure(raw: RawRisk): RiskMeasure {
  if (raw === undefined || typeof raw === "string") return { type: "expectation" };
  return { type: "cvar", alpha: raw.cvar.alpha, lambda: raw.cvar.lambda };
}

/** Study stages sorted by id, with `index` their position. */
export function resolveStages(raw: RawStagesFile): readonly Stage[] {
  return [...raw.stages]
    .sort((a, b) => a.id - b.id)
    .map((s, index) => ({
      id: s.id,
      index,
      startDate: s.start_date,
      endDate: s.end_date,
      seasonId: s.season_id ?? null,
      blocks: [...s.blocks].sort((a, b) => a.id - b.id).map((b) => ({ id: b.id, name: b.name, hours: b.hours })),
      numScenarios: s.num_scenarios,
      blockMode: s.block_mode === "chronological" ? "chronological" : "parallel",
      stateVariables: {
        storage: s.state_variables?.storage ?? true,
        inflowLags: s.state_variables?.inflow_lags ?? false,
      },
      riskMeasure: riskMeasure(s.risk_measure),
      samplingMethod: s.sampling_method ?? "saa",
    }));
}

export function resolvePreStudyStages(raw: RawStagesFile): readonly PreStudyStage[] {
  return [...(raw.pre_study_stages ?? [])]
    .sort((a, b) => a.id - b.id)
    .map((p) => ({ id: p.id, startDate: p.start_date, endDate: p.end_date, seasonId: p.season_id ?? null }));
}

export function resolveSeasons(raw: RawStagesFile): SeasonDefinitions | null {
  const sd = raw.season_definitions;
  if (!sd) return null;
  const cycleType = sd.cycle_type === "weekly" || sd.cycle_type === "custom" ? sd.cycle_type : "monthly";
  return {
    cycleType,
    seasons: [...sd.seasons]
      .sort((a, b) => a.id - b.id)
      .map((s) => ({
        id: s.id,
        label: s.label,
        monthStart: s.month_start,
        dayStart: s.day_start ?? null,
        monthEnd: s.month_end ?? null,
        dayEnd: s.day_end ?? null,
      })),
  };
}

export function resolvePolicyGraph(raw: RawStagesFile): PolicyGraph {
  const pg = raw.policy_graph;
  return {
    type: pg.type === "cyclic" ? "cyclic" : "finite_horizon",
    annualDiscountRate: pg.annual_discount_rate,
    transitions: (pg.transitions ?? []).map((t) => ({
      sourceId: t.source_id,
      targetId: t.target_id,
      probability: t.probability,
      annualDiscountRateOverride: t.annual_discount_rate_override ?? null,
    })),
  };
}

export function resolvePenalties(raw: RawPenaltiesFile): GlobalPenalties {
  const h = raw.hydro;
  return {
    bus: {
      deficitSegments: raw.bus.deficit_segments.map((s) => ({ depthMw: s.depth_mw ?? null, cost: s.cost })),
      excessCost: raw.bus.excess_cost,
    },
    line: { exchangeCost: raw.line.exchange_cost },
    hydro: {
      spillageCost: h.spillage_cost,
      fphaTurbinedCost: h.fpha_turbined_cost,
      diversionCost: h.diversion_cost,
      storageViolationBelowCost: h.storage_violation_below_cost,
      fillingTargetViolationCost: h.filling_target_violation_cost,
      turbinedViolationBelowCost: h.turbined_violation_below_cost,
      outflowViolationBelowCost: h.outflow_violation_below_cost,
      outflowViolationAboveCost: h.outflow_violation_above_cost,
      generationViolationBelowCost: h.generation_violation_below_cost,
      evaporationViolationCost: h.evaporation_violation_cost,
      evaporationViolationPosCost: h.evaporation_violation_pos_cost ?? null,
      evaporationViolationNegCost: h.evaporation_violation_neg_cost ?? null,
      waterWithdrawalViolationCost: h.water_withdrawal_violation_cost,
      waterWithdrawalViolationPosCost: h.water_withdrawal_violation_pos_cost ?? null,
      waterWithdrawalViolationNegCost: h.water_withdrawal_violation_neg_cost ?? null,
      inflowNonnegativityCost: h.inflow_nonnegativity_cost ?? null,
    },
    nonControllableSource: { curtailmentCost: raw.non_controllable_source.curtailment_cost },
  };
}

const byHydro = <T extends { readonly hydroId: number }>(rows: T[]): T[] => rows.sort((a, b) => a.hydroId - b.hydroId);

export function resolveInitialConditions(raw: RawInitialConditionsFile): InitialConditions {
  return {
    storage: byHydro(raw.storage.map((s) => ({ hydroId: s.hydro_id, valueHm3: s.value_hm3 }))),
    fillingStorage: byHydro(raw.filling_storage.map((s) => ({ hydroId: s.hydro_id, valueHm3: s.value_hm3 }))),
    pastInflows: byHydro(
      (raw.past_inflows ?? []).map((p) => ({
        hydroId: p.hydro_id,
        valuesM3s: p.values_m3s,
        seasonIds: p.season_ids ?? null,
      })),
    ),
    recentObservations: (raw.recent_observations ?? [])
      .map((o) => ({ hydroId: o.hydro_id, startDate: o.start_date, endDate: o.end_date, valueM3s: o.value_m3s }))
      .sort((a, b) => a.hydroId - b.hydroId || a.startDate.localeCompare(b.startDate)),
  };
}
