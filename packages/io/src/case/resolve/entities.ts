/** Raw entity registries → resolved core entities (penalties merged, sorted by id). */
import {
  byCanonicalId,
  type Bus,
  type ConstraintSense,
  type DeficitSegment,
  type EnergyContract,
  type ExpressionError,
  type GenericConstraint,
  type GlobalPenalties,
  type Hydro,
  type HydroPenalties,
  type Line,
  type LinearExpression,
  type NonControllableSource,
  type PumpingStation,
  type RawHydro,
  type Result,
  type Thermal,
} from "@cobre/core";
import type { RawCase } from "../read/raw-case";

type Json = RawCase["json"];

function segments(raw: readonly { depth_mw?: number | null; cost: number }[]): DeficitSegment[] {
  return raw.map((s) => ({ depthMw: s.depth_mw ?? null, cost: s.cost }));
}

export function resolveBuses(json: Json, penalties: GlobalPenalties): readonly Bus[] {
  return byCanonicalId(
    (json.buses?.buses ?? []).map((b) => ({
      id: b.id,
      name: b.name,
      deficitSegments:
        b.deficit_segments && b.deficit_segments.length > 0
          ? segments(b.deficit_segments)
          : penalties.bus.deficitSegments,
      excessCost: penalties.bus.excessCost,
    })),
  );
}

export function resolveLines(json: Json, penalties: GlobalPenalties): readonly Line[] {
  return byCanonicalId(
    (json.lines?.lines ?? []).map((l) => ({
      id: l.id,
      name: l.name,
      sourceBusId: l.source_bus_id,
      targetBusId: l.target_bus_id,
      entryStageId: l.entry_stage_id ?? null,
      exitStageId: l.exit_stage_id ?? null,
      directMw: l.capacity.direct_mw,
      reverseMw: l.capacity.reverse_mw,
      exchangeCost: l.exchange_cost ?? penalties.line.exchangeCost,
      lossesPercent: l.losses_percent ?? 0,
    })),
  );
}

export function resolveThermals(json: Json): readonly Thermal[] {
  return byCanonicalId(
    (json.thermals?.thermals ?? []).map((t) => ({
      id: t.id,
      name: t.name,
      busId: t.bus_id,
      entryStageId: t.entry_stage_id ?? null,
      exitStageId: t.exit_stage_id ?? null,
      minGenerationMw: t.generation.min_mw,
      maxGenerationMw: t.generation.max_mw,
      costPerMwh: t.cost_per_mwh,
      gnlLagStages: t.gnl_config?.lag_stages ?? null,
    })),
  );
}

/**
 * Entity override > global value. Directional costs (pos/neg) fall back to the entity's
 * symmetric override, then the global directional, then the global symmetric cost.
 */
function hydroPenalties(raw: RawHydro, g: GlobalPenalties["hydro"], inflowDefault: number): HydroPenalties {
  const o = raw.penalties ?? {};
  const evap = o.evaporation_violation_cost;
  const ww = o.water_withdrawal_violation_cost;
  return {
    spillageCost: o.spillage_cost ?? g.spillageCost,
    fphaTurbinedCost: o.fpha_turbined_cost ?? g.fphaTurbinedCost,
    diversionCost: o.diversion_cost ?? g.diversionCost,
    storageViolationBelowCost: o.storage_violation_below_cost ?? g.storageViolationBelowCost,
    fillingTargetViolationCost: o.filling_target_violation_cost ?? g.fillingTargetViolationCost,
    turbinedViolationBelowCost: o.turbined_violation_below_cost ?? g.turbinedViolationBelowCost,
    outflowViolationBelowCost: o.outflow_violation_below_cost ?? g.outflowViolationBelowCost,
    outflowViolationAboveCost: o.outflow_violation_above_cost ?? g.outflowViolationAboveCost,
    generationViolationBelowCost: o.generation_violation_below_cost ?? g.generationViolationBelowCost,
    evaporationViolationPosCost:
      o.evaporation_violation_pos_cost ?? evap ?? g.evaporationViolationPosCost ?? g.evaporationViolationCost,
    evaporationViolationNegCost:
      o.evaporation_violation_neg_cost ?? evap ?? g.evaporationViolationNegCost ?? g.evaporationViolationCost,
    waterWithdrawalViolationPosCost:
      o.water_withdrawal_violation_pos_cost ??
      ww ??
      g.waterWithdrawalViolationPosCost ??
      g.waterWithdrawalViolationCost,
    waterWithdrawalViolationNegCost:
      o.water_withdrawal_violation_neg_cost ??
      ww ??
      g.waterWithdrawalViolationNegCost ??
      g.waterWithdrawalViolationCost,
    inflowNonnegativityCost: o.inflow_nonnegativity_cost ?? g.inflowNonnegativityCost ?? inflowDefault,
  };
}

/** `inflowDefault` is `config.modeling.inflow_non_negativity.penalty_cost`. */
export function resolveHydros(json: Json, penalties: GlobalPenalties, inflowDefault: number): readonly Hydro[] {
  return byCanonicalId(
    (json.hydros?.hydros ?? []).map((h): Hydro => {
      const gen = h.generation;
      return {
        id: h.id,
        name: h.name,
        busId: h.bus_id,
        downstreamId: h.downstream_id ?? null,
        entryStageId: h.entry_stage_id ?? null,
        exitStageId: h.exit_stage_id ?? null,
        minStorageHm3: h.reservoir.min_storage_hm3,
        maxStorageHm3: h.reservoir.max_storage_hm3,
        minOutflowM3s: h.outflow.min_outflow_m3s,
        maxOutflowM3s: h.outflow.max_outflow_m3s ?? null,
        generation: {
          model: gen.model,
          productivityMwPerM3s: gen.model === "fpha" ? null : gen.productivity_mw_per_m3s,
          minTurbinedM3s: gen.min_turbined_m3s,
          maxTurbinedM3s: gen.max_turbined_m3s,
          minGenerationMw: gen.min_generation_mw,
          maxGenerationMw: gen.max_generation_mw,
        },
        tailrace: !h.tailrace
          ? null
          : h.tailrace.type === "polynomial"
            ? { type: "polynomial", coefficients: h.tailrace.coefficients }
            : {
                type: "piecewise",
                points: h.tailrace.points.map((p) => ({ outflowM3s: p.outflow_m3s, heightM: p.height_m })),
              },
        hydraulicLosses: !h.hydraulic_losses
          ? null
          : h.hydraulic_losses.type === "factor"
            ? { type: "factor", value: h.hydraulic_losses.value }
            : { type: "constant", valueM: h.hydraulic_losses.value_m },
        efficiency: h.efficiency ? { type: "constant", value: h.efficiency.value } : null,
        evaporation: h.evaporation
          ? {
              coefficientsMm: h.evaporation.coefficients_mm,
              referenceVolumesHm3: h.evaporation.reference_volumes_hm3 ?? null,
            }
          : null,
        diversion: h.diversion
          ? { downstreamId: h.diversion.downstream_id, maxFlowM3s: h.diversion.max_flow_m3s }
          : null,
        filling: h.filling
          ? { startStageId: h.filling.start_stage_id, fillingInflowM3s: h.filling.filling_inflow_m3s ?? 0 }
          : null,
        penalties: hydroPenalties(h, penalties.hydro, inflowDefault),
      };
    }),
  );
}

export function resolveNcs(json: Json, penalties: GlobalPenalties): readonly NonControllableSource[] {
  return byCanonicalId(
    (json.ncs?.non_controllable_sources ?? []).map((n) => ({
      id: n.id,
      name: n.name,
      busId: n.bus_id,
      entryStageId: n.entry_stage_id ?? null,
      exitStageId: n.exit_stage_id ?? null,
      maxGenerationMw: n.max_generation_mw,
      curtailmentCost: n.curtailment_cost ?? penalties.nonControllableSource.curtailmentCost,
    })),
  );
}

export function resolvePumpingStations(json: Json): readonly PumpingStation[] {
  return byCanonicalId(
    (json.pumping?.pumping_stations ?? []).map((p) => ({
      id: p.id,
      name: p.name,
      busId: p.bus_id,
      sourceHydroId: p.source_hydro_id,
      destinationHydroId: p.destination_hydro_id,
      entryStageId: p.entry_stage_id ?? null,
      exitStageId: p.exit_stage_id ?? null,
      consumptionMwPerM3s: p.consumption_mw_per_m3s,
      minFlowM3s: p.flow.min_m3s,
      maxFlowM3s: p.flow.max_m3s,
    })),
  );
}

export function resolveContracts(json: Json): readonly EnergyContract[] {
  return byCanonicalId(
    (json.contracts?.contracts ?? []).map((c) => ({
      id: c.id,
      name: c.name,
      busId: c.bus_id,
      type: c.type,
      entryStageId: c.entry_stage_id ?? null,
      exitStageId: c.exit_stage_id ?? null,
      pricePerMwh: c.price_per_mwh,
      minMw: c.limits.min_mw,
      maxMw: c.limits.max_mw,
    })),
  );
}

export function resolveGenericConstraints(
  json: Json,
  parsed: readonly Result<LinearExpression, ExpressionError>[],
): readonly GenericConstraint[] {
  return byCanonicalId(
    (json.genericConstraints?.constraints ?? []).map((c, i) => ({
      id: c.id,
      name: c.name,
      description: c.description ?? null,
      expression: c.expression,
      lhs: parsedLhs(parsed[i], c.id),
      // The validator restricts `sense` to these three values.
      sense: c.sense as ConstraintSense,
      slack: { enabled: c.slack.enabled, penalty: c.slack.penalty ?? null },
    })),
  );
}

/** The parsed form the referential layer already checked; anything else is a bug. */
function parsedLhs(r: Result<LinearExpression, ExpressionError> | undefined, id: number): LinearExpression {
  if (r?.ok !== true) throw new Error(`generic constraint ${id}: expression reached resolution unparsed or invalid`);
  return r.value;
}
