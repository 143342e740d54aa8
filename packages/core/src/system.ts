/**
 * `System`: every entity of a case in canonical order (ascending id), so results never
 * depend on the order entities were declared in. Immutable; built once by the loader.
 */
import type {
  Bus,
  EnergyContract,
  GenericConstraint,
  Hydro,
  Line,
  NonControllableSource,
  PumpingStation,
  Thermal,
} from "./entities";
import type { GlobalPenalties, InitialConditions } from "./case-data";
import type { PolicyGraph, PreStudyStage, SeasonDefinitions, Stage } from "./stages";

export interface System {
  readonly buses: readonly Bus[];
  readonly lines: readonly Line[];
  readonly hydros: readonly Hydro[];
  readonly thermals: readonly Thermal[];
  readonly nonControllableSources: readonly NonControllableSource[];
  readonly pumpingStations: readonly PumpingStation[];
  readonly energyContracts: readonly EnergyContract[];
  readonly genericConstraints: readonly GenericConstraint[];
  /** Study stages sorted by id; `stages[i].index === i`. */
  readonly stages: readonly Stage[];
  readonly preStudyStages: readonly PreStudyStage[];
  readonly seasonDefinitions: SeasonDefinitions | null;
  readonly policyGraph: PolicyGraph;
  readonly penalties: GlobalPenalties;
  readonly initialConditions: InitialConditions;
}

/** Sorts by ascending `id` into a new frozen array: the canonical order of a `System`. */
export function byCanonicalId<T extends { readonly id: number }>(items: readonly T[]): readonly T[] {
  return Object.freeze([...items].sort((a, b) => a.id - b.id));
}

/** Whether an entity with entry/exit stage ids is in service at a stage id (both inclusive). */
export function isInService(
  entity: { readonly entryStageId: number | null; readonly exitStageId: number | null },
  stageId: number,
): boolean {
  if (entity.entryStageId !== null && stageId < entity.entryStageId) return false;
  if (entity.exitStageId !== null && stageId > entity.exitStageId) return false;
  return true;
}
