/**
 * Readers of written outputs: the convergence log as an Arrow table, and simulation
 * families reading only the requested scenario partitions (and keeping only requested
 * stages), with the Hive key restored as a `scenario_id` column.
 */
import { join } from "node:path";
import type { Table } from "apache-arrow";
import { err, type Result } from "@cobre/core";
import { buildTable, type ColumnInput } from "../parquet/arrow-columns";
import { ioError, type OutputError } from "../errors";
import { listDir } from "../fs/walk";
import { decodeParquet, readBytes } from "../parquet/read";
import { DATA_FILE, parsePartitionName, SIMULATION_DIR } from "../simulation/partition-layout";
import { CONVERGENCE_SCHEMA, defineSchema, SIMULATION_SCHEMAS, type SimulationEntity } from "../schemas/index";
import { idCol } from "../schemas/column";

/** `training/convergence.parquet` as an Arrow table. */
export async function readConvergence(outputDir: string): Promise<Result<Table, OutputError>> {
  const bytes = await readBytes(join(outputDir, CONVERGENCE_SCHEMA.path));
  return bytes.ok ? decodeParquet(bytes.value, CONVERGENCE_SCHEMA.name) : bytes;
}

export interface SimulationQuery {
  /** Scenario ids to read; default all partitions on disk. */
  readonly scenarios?: readonly number[];
  /** Stage indices to keep; default all. */
  readonly stages?: readonly number[];
}

/**
 * One simulation family as a single Arrow table: the schema's columns followed by
 * `scenario_id` (Int32), rows in scenario order. Only the partitions asked for are read.
 */
export async function readSimulation(
  outputDir: string,
  entity: SimulationEntity,
  query: SimulationQuery = {},
): Promise<Result<Table, OutputError>> {
  const schema = SIMULATION_SCHEMAS[entity];
  const dir = join(outputDir, SIMULATION_DIR, entity);
  const onDisk = (await listDir(dir)).map(parsePartitionName).filter((id): id is number => id !== null);
  const wanted = query.scenarios ? new Set(query.scenarios) : null;
  const ids = onDisk.filter((id) => wanted === null || wanted.has(id)).sort((a, b) => a - b);
  for (const id of wanted ?? []) {
    if (!onDisk.includes(id)) return err(ioError(join(dir, `scenario_id=${id}`), new Error("partition not found")));
  }
  const stages = query.stages ? new Set(query.stages) : null;
  const out: Record<string, unknown[]> = Object.fromEntries(
    [...schema.columns.map((c) => c.name), "scenario_id"].map((n) => [n, []]),
  );
  for (const id of ids) {
    const name = `scenario_id=${String(id).padStart(4, "0")}`;
    const bytes = await readBytes(join(dir, name, DATA_FILE));
    if (!bytes.ok) return bytes;
    const table = decodeParquet(bytes.value, schema.name);
    if (!table.ok) return table;
    const stageCol = table.value.getChild("stage_id");
    const keep: number[] = [];
    for (let i = 0; i < table.value.numRows; i++)
      if (stages === null || stages.has(Number(stageCol?.get(i)))) keep.push(i);
    for (const c of schema.columns) {
      const v = table.value.getChild(c.name);
      for (const i of keep) out[c.name]!.push(v?.get(i) ?? null);
    }
    for (const _ of keep) out.scenario_id!.push(id);
  }
  const withKey = defineSchema(schema.name, schema.path, [
    ...schema.columns,
    idCol("scenario_id", "Hive partition key"),
  ]);
  const length = out.scenario_id!.length;
  return buildTable(withKey, out as Record<string, ColumnInput>, length, schema.path);
}
