/** Id lookups over a schema-valid `RawCase`, shared by layers 3–5. */
import type { RawCase } from "../read/raw-case";

export interface CaseIndex {
  readonly buses: ReadonlySet<number>;
  readonly lines: ReadonlySet<number>;
  readonly hydros: ReadonlySet<number>;
  readonly thermals: ReadonlySet<number>;
  readonly ncs: ReadonlySet<number>;
  readonly pumping: ReadonlySet<number>;
  readonly contracts: ReadonlySet<number>;
  readonly genericConstraints: ReadonlySet<number>;
  /** Study stage ids. */
  readonly stages: ReadonlySet<number>;
  /** Study and pre-study stage ids (statistics may cover AR warm-up stages). */
  readonly allStages: ReadonlySet<number>;
  /** Block ids per study stage id. */
  readonly blocks: ReadonlyMap<number, ReadonlySet<number>>;
  readonly seasons: ReadonlySet<number> | null;
  /** Study stage ids in ascending order. */
  readonly stageOrder: readonly number[];
}

const ids = (items: readonly { id: number }[] | undefined): Set<number> => new Set((items ?? []).map((e) => e.id));

export function buildIndex(raw: RawCase): CaseIndex {
  const j = raw.json;
  const stages = j.stages?.stages ?? [];
  const pre = j.stages?.pre_study_stages ?? [];
  return {
    buses: ids(j.buses?.buses),
    lines: ids(j.lines?.lines),
    hydros: ids(j.hydros?.hydros),
    thermals: ids(j.thermals?.thermals),
    ncs: ids(j.ncs?.non_controllable_sources),
    pumping: ids(j.pumping?.pumping_stations),
    contracts: ids(j.contracts?.contracts),
    genericConstraints: ids(j.genericConstraints?.constraints),
    stages: ids(stages),
    allStages: new Set([...stages.map((s) => s.id), ...pre.map((p) => p.id)]),
    blocks: new Map(stages.map((s) => [s.id, new Set(s.blocks.map((b) => b.id))])),
    seasons: j.stages?.season_definitions ? ids(j.stages.season_definitions.seasons) : null,
    stageOrder: stages.map((s) => s.id).sort((a, b) => a - b),
  };
}
