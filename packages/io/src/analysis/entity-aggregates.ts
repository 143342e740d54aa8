/**
 * Per-entity aggregates of one simulation family (hydros, thermals, buses, …): rows
 * filtered by stage range, entity id and scenario, grouped by entity id, each numeric
 * column summarised over the remaining (scenario, stage, block) rows.
 */
import type { Result } from "@cobre/core";
import { err, ok } from "@cobre/core";
import { readSimulation } from "../output/directory/readers";
import type { SimulationEntity } from "../output/schemas/index";
import { type AnalysisError, analysisError } from "./errors";
import { fromOutputError } from "./output-errors";
import { type Summary, summarize } from "./statistics";
import { numericColumn } from "./table-rows";

/** Key columns: filtered on, never summarised. */
const KEYS = new Set(["stage_id", "block_id", "scenario_id"]);

export interface AggregateQuery {
  readonly entity: SimulationEntity;
  readonly stageFrom?: number;
  readonly stageTo?: number;
  /** Keep only this entity (e.g. hydro 3); matched on the family's id column. */
  readonly entityId?: number;
  /** Columns to summarise; default every numeric non-key column. */
  readonly columns?: readonly string[];
  readonly scenarios?: readonly number[];
}

export interface EntityAggregate {
  /** The entity id; null for families without one (`costs`). */
  readonly entity_id: number | null;
  readonly rows: number;
  readonly columns: Readonly<Record<string, Summary>>;
}

export interface AggregateResult {
  readonly entity: SimulationEntity;
  /** The family's id column (`hydro_id`, …), null when it has none. */
  readonly id_column: string | null;
  readonly rows_matched: number;
  readonly groups: readonly EntityAggregate[];
}

/** The id column of a family: the first `*_id` column that is not a row key. */
function idColumnOf(names: readonly string[]): string | null {
  return names.find((n) => n.endsWith("_id") && !KEYS.has(n)) ?? null;
}

/** Aggregates `query.entity` of the simulation under `outputDir`. */
export async function aggregateSimulation(
  outputDir: string,
  query: AggregateQuery,
): Promise<Result<AggregateResult, AnalysisError>> {
  const table = await readSimulation(
    outputDir,
    query.entity,
    query.scenarios === undefined ? {} : { scenarios: query.scenarios },
  );
  if (!table.ok) return err(fromOutputError(table.error, outputDir));
  const t = table.value;
  const names = t.schema.fields.map((f) => f.name);
  const idColumn = idColumnOf(names);
  const numeric = t.schema.fields.filter((f) => /Int|Float|Decimal/.test(String(f.type))).map((f) => f.name);
  const wanted = query.columns ?? numeric.filter((n) => !KEYS.has(n) && n !== idColumn);
  const unknown = wanted.filter((c) => !numeric.includes(c));
  if (unknown.length > 0) {
    return err(
      analysisError(
        "InvalidArguments",
        `unknown or non-numeric column(s) of ${query.entity}: ${unknown.join(", ")}`,
        { entity: query.entity, columns: unknown },
        `Numeric columns: ${numeric.join(", ")}.`,
      ),
    );
  }
  if (query.entityId !== undefined && idColumn === null) {
    return err(
      analysisError("InvalidArguments", `${query.entity} has no entity id column to filter on`, {
        entity: query.entity,
      }),
    );
  }
  const stage = numericColumn(t, "stage_id");
  const ids = idColumn === null ? null : numericColumn(t, idColumn);
  const from = query.stageFrom ?? Number.NEGATIVE_INFINITY;
  const to = query.stageTo ?? Number.POSITIVE_INFINITY;
  const groups = new Map<number | null, number[]>();
  for (let i = 0; i < t.numRows; i++) {
    const s = stage[i] ?? null;
    if (s === null || s < from || s > to) continue;
    const id = ids === null ? null : (ids[i] ?? null);
    if (query.entityId !== undefined && id !== query.entityId) continue;
    const rows = groups.get(id) ?? [];
    rows.push(i);
    groups.set(id, rows);
  }
  const columns = new Map(wanted.map((c) => [c, numericColumn(t, c)]));
  const out: EntityAggregate[] = [...groups.entries()]
    .sort(([a], [b]) => (a ?? -1) - (b ?? -1))
    .map(([entity_id, rows]) => ({
      entity_id,
      rows: rows.length,
      columns: Object.fromEntries(wanted.map((c) => [c, summarize(rows.map((i) => columns.get(c)?.[i] ?? null))])),
    }));
  return ok({
    entity: query.entity,
    id_column: idColumn,
    rows_matched: out.reduce((a, g) => a + g.rows, 0),
    groups: out,
  });
}
