/**
 * `writeDictionaries`: the five self-describing files of `training/dictionaries/`
 * (codes.json, bounds.parquet, state_dictionary.json, variables.csv, entities.csv), each
 * written atomically.
 */
import { join } from "node:path";
import type { Config, Constraints, System } from "@cobre/core";
import { ok, type Result } from "@cobre/core";
import { writeFileAtomic, writeJsonAtomic } from "../fs/atomic-write";
import type { OutputError } from "../errors";
import { compressionFromConfig } from "../parquet/encode";
import { writeParquetFile } from "../parquet/file";
import { BOUNDS_SCHEMA } from "../schemas/index";
import { boundsColumns, boundsRows } from "./bounds";
import { codesDocument } from "./codes";
import { entitiesCsv } from "./entities-csv";
import { stateDictionary } from "./state-dictionary";
import { variablesCsv } from "./variables-csv";

const DICTIONARIES_DIR = "training/dictionaries";

export interface DictionaryOptions {
  /** AR order per hydro id, for the inflow-lag states. */
  readonly inflowLagOrders?: ReadonlyMap<number, number>;
  /** The state ends with a period accumulator slot per hydro. */
  readonly lagAccumulator?: boolean;
  /** Stage-varying bound overrides applied in `bounds.parquet`. */
  readonly constraints?: Constraints;
  /** ISO 8601 `generated_at` of codes.json; default now. */
  readonly generatedAt?: string;
}

/** Writes all five dictionary files under `outputDir/training/dictionaries/`. */
export async function writeDictionaries(
  outputDir: string,
  system: System,
  config: Config,
  options: DictionaryOptions = {},
): Promise<Result<void, OutputError>> {
  const dir = join(outputDir, DICTIONARIES_DIR);
  const steps: (() => Promise<Result<unknown, OutputError>>)[] = [
    () => writeJsonAtomic(join(dir, "codes.json"), codesDocument(options.generatedAt ?? new Date().toISOString())),
    () =>
      writeParquetFile(outputDir, BOUNDS_SCHEMA, boundsColumns(boundsRows(system, options.constraints)), {
        compression: compressionFromConfig(config.exports.compression),
      }),
    () =>
      writeJsonAtomic(
        join(dir, "state_dictionary.json"),
        stateDictionary(system, options.inflowLagOrders, options.lagAccumulator ?? false),
      ),
    () => writeFileAtomic(join(dir, "variables.csv"), variablesCsv()),
    () => writeFileAtomic(join(dir, "entities.csv"), entitiesCsv(system)),
  ];
  for (const step of steps) {
    const r = await step();
    if (!r.ok) return r;
  }
  return ok(undefined);
}
