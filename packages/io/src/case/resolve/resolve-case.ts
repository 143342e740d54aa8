/** Assembles the resolved `Case` from a fully validated `RawCase`. */
import { resolveConfig, type Case, type System } from "@cobre/core";
import { parsedExpressions } from "../read/generic-expressions";
import type { RawCase } from "../read/raw-case";
import {
  resolveConstraints,
  resolveFphaHyperplanes,
  resolveHydroGeometry,
  resolveProductionModels,
} from "./constraints";
import {
  resolveBuses,
  resolveContracts,
  resolveGenericConstraints,
  resolveHydros,
  resolveLines,
  resolveNcs,
  resolvePumpingStations,
  resolveThermals,
} from "./entities";
import { resolveScenarios } from "./scenarios";
import {
  resolveInitialConditions,
  resolvePenalties,
  resolvePolicyGraph,
  resolvePreStudyStages,
  resolveSeasons,
  resolveStages,
} from "./stages";

/** Returns null when a required file is unavailable (the validator reports why). */
export function resolveCase(raw: RawCase): Case | null {
  const { config, stages, penalties, initialConditions } = raw.json;
  if (!config || !stages || !penalties || !initialConditions) return null;
  const resolvedConfig = resolveConfig(config);
  const globalPenalties = resolvePenalties(penalties);
  const json = raw.json;
  const system: System = {
    buses: resolveBuses(json, globalPenalties),
    lines: resolveLines(json, globalPenalties),
    hydros: resolveHydros(json, globalPenalties, resolvedConfig.modeling.inflowNonNegativity.penaltyCost),
    thermals: resolveThermals(json),
    nonControllableSources: resolveNcs(json, globalPenalties),
    pumpingStations: resolvePumpingStations(json),
    energyContracts: resolveContracts(json),
    genericConstraints: resolveGenericConstraints(json, parsedExpressions(raw)),
    stages: resolveStages(stages),
    preStudyStages: resolvePreStudyStages(stages),
    seasonDefinitions: resolveSeasons(stages),
    policyGraph: resolvePolicyGraph(stages),
    penalties: globalPenalties,
    initialConditions: resolveInitialConditions(initialConditions),
  };
  return {
    directory: raw.directory,
    config: resolvedConfig,
    system,
    scenarios: resolveScenarios(raw),
    constraints: resolveConstraints(raw),
    productionModels: resolveProductionModels(json.productionModels),
    fphaHyperplanes: resolveFphaHyperplanes(raw),
    hydroGeometry: resolveHydroGeometry(raw),
  };
}
