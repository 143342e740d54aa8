/** The case as read from disk: schema-valid raw files (snake_case), before resolution. */
import type {
  RawBusesFile,
  RawConfigFile,
  RawCorrelationFile,
  RawEnergyContractsFile,
  RawExchangeFactorsFile,
  RawGenericConstraintsFile,
  RawHydrosFile,
  RawInitialConditionsFile,
  RawLinesFile,
  RawLoadFactorsFile,
  RawNcsFactorsFile,
  RawNcsFile,
  RawPenaltiesFile,
  RawProductionModelsFile,
  RawPumpingStationsFile,
  RawStagesFile,
  RawThermalsFile,
} from "@cobre/core";
import type { ParquetFile } from "./parquet-columns";
import type { Row } from "./parquet-reader";

export interface RawJsonFiles {
  config: RawConfigFile;
  stages: RawStagesFile;
  penalties: RawPenaltiesFile;
  initialConditions: RawInitialConditionsFile;
  buses: RawBusesFile;
  lines: RawLinesFile;
  hydros: RawHydrosFile;
  thermals: RawThermalsFile;
  ncs: RawNcsFile;
  pumping: RawPumpingStationsFile;
  contracts: RawEnergyContractsFile;
  productionModels: RawProductionModelsFile;
  loadFactors: RawLoadFactorsFile;
  ncsFactors: RawNcsFactorsFile;
  correlation: RawCorrelationFile;
  exchangeFactors: RawExchangeFactorsFile;
  genericConstraints: RawGenericConstraintsFile;
}

export interface RawCase {
  readonly directory: string;
  /** Schema-valid JSON files; a key is absent when the file is absent or invalid. */
  readonly json: Partial<RawJsonFiles>;
  /** Schema-valid Parquet rows by relative path; absent when the file is absent or invalid. */
  readonly parquet: Partial<Record<ParquetFile, readonly Row[]>>;
  /** Relative paths of every known file found in the directory. */
  readonly present: ReadonlySet<string>;
}

/** Rows of a Parquet file, empty when the file is absent. */
export function rowsOf(raw: RawCase, file: ParquetFile): readonly Row[] {
  return raw.parquet[file] ?? [];
}

/** A cell as a number (the schema layer guarantees non-nullable cells are present). */
export function num(row: Row, column: string): number {
  const v = row[column];
  return typeof v === "number" ? v : Number.NaN;
}

/** A nullable numeric cell. */
export function optNum(row: Row, column: string): number | null {
  const v = row[column];
  return typeof v === "number" ? v : null;
}
