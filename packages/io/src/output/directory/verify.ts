/**
 * `verifyOutputs` (seed §5): checks an output directory against our definitions —
 * Parquet schemas (names, types, nullability), xxhash64 checksums against the manifests,
 * partition completeness (every written scenario has every family) and cross-entity row
 * counts (with a `System`, exactly stages × blocks × in-service entities). Problems are
 * reported, not returned as errors: the report is the result.
 */
import { join } from "node:path";
import { isInService, type System } from "@cobre/core";
import { xxhash64Hex } from "../fs/checksum";
import { isFile, listDir } from "../fs/walk";
import { readManifest } from "../manifest/io";
import { decodeParquet, parquetSchema, readBytes, schemaDifferences } from "../parquet/read";
import {
  DATA_FILE,
  parsePartitionName,
  partitionFile,
  SIMULATION_DIR,
  SPARSE_ENTITIES,
} from "../simulation/partition-layout";
import {
  BOUNDS_SCHEMA,
  CONVERGENCE_SCHEMA,
  FILE_SCHEMAS,
  type OutputSchema,
  SIMULATION_ENTITIES,
  SIMULATION_RETRY_HISTOGRAM_SCHEMA,
  SIMULATION_SCHEMAS,
  SIMULATION_SOLVER_ITERATIONS_SCHEMA,
  type SimulationEntity,
} from "../schemas/index";

/** The marker a finished half of a run leaves (same name as `SUCCESS_MARKER`). */
const SUCCESS_FILE = "_SUCCESS";

type VerifyCheck = "schema" | "checksum" | "completeness" | "row_count" | "manifest" | "missing_file";

export interface VerifyIssue {
  readonly check: VerifyCheck;
  /** Path relative to the output root. */
  readonly file: string;
  readonly message: string;
}

export interface VerifyReport {
  /** True when no issue was found. */
  readonly ok: boolean;
  readonly filesChecked: number;
  readonly scenariosChecked: number;
  /** Rows per family and scenario, as found. */
  readonly rowCounts: Readonly<Record<string, Readonly<Record<number, number>>>>;
  readonly issues: readonly VerifyIssue[];
  /**
   * Whether the directory holds a finished run: training manifest `complete` or
   * `converged` with `training/_SUCCESS`, and, when `simulation/` exists, a `complete`
   * simulation manifest with `simulation/_SUCCESS`. A run that was killed, interrupted or
   * failed is never complete, whatever its files pass.
   */
  readonly complete: boolean;
  /** The manifests' statuses as found (null when missing or unreadable). */
  readonly status: { readonly training: string | null; readonly simulation: string | null };
}

export interface VerifyOptions {
  /** When given, dense families must have exactly stages × blocks × in-service entities rows. */
  readonly system?: System;
}

/** Expected rows of a dense family per scenario under `system`, or null when not applicable. */
function expectedRows(entity: SimulationEntity, system: System): number | null {
  const perStage = (entities: readonly { entryStageId: number | null; exitStageId: number | null }[] | null) =>
    system.stages.reduce(
      (sum, s) => sum + s.blocks.length * (entities === null ? 1 : entities.filter((e) => isInService(e, s.id)).length),
      0,
    );
  const always = { entryStageId: null, exitStageId: null };
  switch (entity) {
    case "costs":
      return perStage(null);
    case "hydros":
      return perStage(system.hydros);
    case "thermals":
      return perStage(system.thermals);
    case "exchanges":
      return perStage(system.lines);
    case "buses":
      return perStage(system.buses.map(() => always));
    case "pumping_stations":
      return perStage(system.pumpingStations);
    case "contracts":
      return perStage(system.energyContracts);
    case "non_controllables":
      return perStage(system.nonControllableSources);
    default:
      return null;
  }
}

class Checker {
  readonly issues: VerifyIssue[] = [];
  files = 0;
  constructor(readonly root: string) {}

  issue(check: VerifyCheck, file: string, message: string): void {
    this.issues.push({ check, file, message });
  }

  /** Reads, schema-checks and optionally checksums one file; returns its bytes. */
  async file(rel: string, schema: OutputSchema, checksum?: string | null): Promise<Uint8Array | null> {
    const bytes = await readBytes(join(this.root, rel));
    if (!bytes.ok) {
      this.issue("missing_file", rel, bytes.error.kind === "IoError" ? bytes.error.message : "unreadable");
      return null;
    }
    this.files++;
    if (checksum) {
      const actual = await xxhash64Hex(bytes.value);
      if (actual !== checksum) this.issue("checksum", rel, `xxhash64 ${actual} != manifest ${checksum}`);
    }
    const schemaRead = parquetSchema(bytes.value, schema.name);
    if (!schemaRead.ok) {
      this.issue("schema", rel, `not a readable Parquet file: ${schemaRead.error.kind}`);
      return null;
    }
    for (const d of schemaDifferences(schemaRead.value, schema)) this.issue("schema", rel, d);
    return bytes.value;
  }
}

async function verifySimulation(c: Checker, options: VerifyOptions, rowCounts: Record<string, Record<number, number>>) {
  const simDir = join(c.root, SIMULATION_DIR);
  const manifest = await readManifest(c.root, "simulation");
  if (!manifest.ok) {
    c.issue("manifest", "simulation/_manifest.json", manifest.error.kind === "IoError" ? "missing" : "unreadable");
    return 0;
  }
  const m = manifest.value;
  const recorded = m.checksum?.partitions ?? {};
  const written = m.partitions_written.map((p) => parsePartitionName(p.replace(/\/$/, ""))).filter((x) => x !== null);
  const entities: SimulationEntity[] = [];
  for (const e of SIMULATION_ENTITIES) if ((await listDir(join(simDir, e))).length > 0) entities.push(e);
  for (const entity of entities) {
    rowCounts[entity] = {};
    const onDisk = new Set((await listDir(join(simDir, entity))).map(parsePartitionName));
    for (const id of written) {
      const rel = `${SIMULATION_DIR}/${partitionFile(entity, id)}`;
      if (!onDisk.has(id) || !(await isFile(join(c.root, rel)))) {
        c.issue("completeness", rel, `scenario ${id} is listed as written but ${entity} has no partition`);
        continue;
      }
      const key = partitionFile(entity, id);
      if (recorded[key] === undefined) c.issue("checksum", rel, "no checksum recorded in the manifest");
      const bytes = await c.file(rel, SIMULATION_SCHEMAS[entity], recorded[key]);
      if (bytes === null) continue;
      const table = decodeParquet(bytes, entity, ["stage_id"]);
      if (table.ok) rowCounts[entity][id] = table.value.numRows;
    }
    for (const id of onDisk) {
      if (id !== null && !written.includes(id) && m.status === "complete") {
        c.issue("completeness", `${SIMULATION_DIR}/${entity}/${DATA_FILE}`, `partition ${id} not in the manifest`);
      }
    }
  }
  for (const schema of [SIMULATION_SOLVER_ITERATIONS_SCHEMA, SIMULATION_RETRY_HISTOGRAM_SCHEMA]) {
    if (await isFile(join(c.root, schema.path))) await c.file(schema.path, schema, null);
  }
  if (m.status === "complete" && written.length !== m.scenarios.total) {
    c.issue(
      "completeness",
      "simulation/_manifest.json",
      `${written.length} partitions for ${m.scenarios.total} scenarios`,
    );
  }
  for (const entity of entities) {
    if (SPARSE_ENTITIES.has(entity)) continue;
    const counts = rowCounts[entity]!;
    const expected = options.system ? expectedRows(entity, options.system) : (Object.values(counts)[0] ?? null);
    for (const [id, n] of Object.entries(counts)) {
      if (expected !== null && n !== expected) {
        c.issue(
          "row_count",
          `${SIMULATION_DIR}/${partitionFile(entity, Number(id))}`,
          `${n} rows, expected ${expected}`,
        );
      }
    }
  }
  return written.length;
}

async function verifyTraining(c: Checker) {
  const manifest = await readManifest(c.root, "training");
  if (!manifest.ok)
    c.issue("manifest", "training/_manifest.json", manifest.error.kind === "IoError" ? "missing" : "unreadable");
  const convergenceSum = manifest.ok ? (manifest.value.checksum?.convergence_value ?? null) : null;
  for (const schema of FILE_SCHEMAS) {
    const required =
      schema === CONVERGENCE_SCHEMA || schema.path.startsWith("training/timing/") || schema === BOUNDS_SCHEMA;
    if (!required && !(await isFile(join(c.root, schema.path)))) continue;
    await c.file(schema.path, schema, schema === CONVERGENCE_SCHEMA ? convergenceSum : null);
  }
  for (const f of ["codes.json", "state_dictionary.json", "variables.csv", "entities.csv"]) {
    const rel = `training/dictionaries/${f}`;
    if (!(await isFile(join(c.root, rel)))) c.issue("missing_file", rel, "dictionary file missing");
  }
  if (!(await isFile(join(c.root, "training/metadata.json"))))
    c.issue("missing_file", "training/metadata.json", "missing");
}

/**
 * Verifies `outputDir`. Training outputs are checked when `training/` exists, simulation
 * outputs when `simulation/` exists.
 */
export async function verifyOutputs(outputDir: string, options: VerifyOptions = {}): Promise<VerifyReport> {
  const c = new Checker(outputDir);
  const rowCounts: Record<string, Record<number, number>> = {};
  const top = await listDir(outputDir);
  if (top.includes("training")) await verifyTraining(c);
  const hasSimulation = top.includes(SIMULATION_DIR);
  const scenarios = hasSimulation ? await verifySimulation(c, options, rowCounts) : 0;
  const [training, simulation] = await Promise.all([
    readManifest(outputDir, "training"),
    readManifest(outputDir, "simulation"),
  ]);
  const status = {
    training: training.ok ? training.value.status : null,
    simulation: simulation.ok ? simulation.value.status : null,
  };
  const trainingDone =
    (status.training === "complete" || status.training === "converged") &&
    (await isFile(join(outputDir, "training", SUCCESS_FILE)));
  const simulationDone =
    !hasSimulation ||
    (status.simulation === "complete" && (await isFile(join(outputDir, SIMULATION_DIR, SUCCESS_FILE))));
  return {
    ok: c.issues.length === 0,
    filesChecked: c.files,
    scenariosChecked: scenarios,
    rowCounts,
    issues: c.issues,
    complete: trainingDone && simulationDone,
    status,
  };
}
