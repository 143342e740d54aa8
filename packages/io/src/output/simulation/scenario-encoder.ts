/**
 * `ScenarioEncoder`: one scenario's columnar result → the Parquet bytes and xxhash64 of
 * each of its partition files. Pure CPU work with no I/O, so it runs where the rows are
 * produced (each simulation worker thread) and in parallel with solving; the
 * `SimulationParquetWriter` then only writes bytes. Given the same system and settings,
 * the bytes depend only on the result, never on the thread that encoded them.
 */
import type { System } from "@cobre/core";
import { err, ok, type Result } from "@cobre/core";
import { blockHours, type BlockHours } from "./block-hours";
import { loadXxhash64 } from "../fs/checksum";
import { schemaError, type OutputError } from "../errors";
import { encodeParquetColumns, type ParquetWriterConfig } from "../parquet/encode";
import { expectedEntities, partitionFile, RESULT_KEY, SPARSE_ENTITIES } from "./partition-layout";
import { SIMULATION_SCHEMAS, type SimulationEntity } from "../schemas/index";
import { familyColumns } from "./columns";
import type { SimulationScenarioResult } from "./result";

/** One encoded partition file of a scenario. */
export interface EncodedPartition {
  readonly entity: SimulationEntity;
  /** Path relative to `simulation/`, e.g. `hydros/scenario_id=0007/data.parquet`. */
  readonly file: string;
  readonly bytes: Uint8Array;
  /** xxhash64 of `bytes`, as recorded in the manifest. */
  readonly xxhash64: string;
  readonly rows: number;
}

/**
 * A scenario ready to be written: one partition per entity family the system has, in
 * `SIMULATION_ENTITIES` order. Plain data (structured-clone safe), so a worker thread can
 * hand it to the writer's thread.
 */
export interface EncodedScenario {
  readonly scenarioId: number;
  readonly partitions: readonly EncodedPartition[];
}

export class ScenarioEncoder {
  readonly #system: System;
  readonly #hours: BlockHours;
  readonly #entities: readonly SimulationEntity[];
  readonly #config: ParquetWriterConfig;
  readonly #hash: (bytes: Uint8Array) => string;

  private constructor(system: System, config: ParquetWriterConfig, hash: (bytes: Uint8Array) => string) {
    this.#system = system;
    this.#hours = blockHours(system);
    this.#entities = expectedEntities(system);
    this.#config = config;
    this.#hash = hash;
  }

  /** Instantiates the hasher (Wasm, once per thread); encoding is then synchronous. */
  static async create(system: System, config: ParquetWriterConfig = {}): Promise<ScenarioEncoder> {
    return new ScenarioEncoder(system, config, await loadXxhash64());
  }

  /** The families this encoder writes, in order. */
  get entities(): readonly SimulationEntity[] {
    return this.#entities;
  }

  /**
   * Encodes every partition of `result`. `SchemaError` when a family the system has is
   * missing, a column is missing or of the wrong length, or an id is unknown to the system.
   */
  encode(result: SimulationScenarioResult): Result<EncodedScenario, OutputError> {
    const id = result.scenarioId;
    if (!Number.isInteger(id) || id < 0) {
      return err(schemaError("simulation", "scenario_id", `invalid scenario id ${id}`));
    }
    const partitions: EncodedPartition[] = [];
    for (const entity of this.#entities) {
      const file = partitionFile(entity, id);
      const family = result[RESULT_KEY[entity]] as Readonly<Record<string, unknown>> | undefined;
      if (family === undefined && !SPARSE_ENTITIES.has(entity)) {
        return err(schemaError(file, "*", `scenario ${id} has no '${RESULT_KEY[entity]}' but the system has them`));
      }
      const schema = SIMULATION_SCHEMAS[entity];
      const cols = familyColumns(schema, entity, family, { system: this.#system, hours: this.#hours, file });
      if (!cols.ok) return cols;
      const bytes = encodeParquetColumns(schema, cols.value.columns, cols.value.length, file, this.#config);
      if (!bytes.ok) return bytes;
      partitions.push({ entity, file, bytes: bytes.value, xxhash64: this.#hash(bytes.value), rows: cols.value.length });
    }
    return ok({ scenarioId: id, partitions });
  }
}
