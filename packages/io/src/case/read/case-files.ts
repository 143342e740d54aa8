/** Every file of the case format, with its reader (zod schema or Parquet columns). */
import {
  busesFileSchema,
  configFileSchema,
  correlationFileSchema,
  energyContractsFileSchema,
  exchangeFactorsFileSchema,
  genericConstraintsFileSchema,
  hydrosFileSchema,
  initialConditionsFileSchema,
  linesFileSchema,
  loadFactorsFileSchema,
  ncsFactorsFileSchema,
  ncsFileSchema,
  penaltiesFileSchema,
  productionModelsFileSchema,
  pumpingStationsFileSchema,
  stagesFileSchema,
  thermalsFileSchema,
} from "@cobre/core";
import type { z } from "zod";
import type { RawJsonFiles } from "./raw-case";

export interface JsonFileSpec {
  readonly key: keyof RawJsonFiles;
  /** The Cobre book's name of its JSON Schema: `<schemaName>.schema.json`. */
  readonly schemaName: string;
  readonly path: string;
  readonly required: boolean;
  readonly schema: z.ZodType;
}

/** JSON files, required ones first (structural layer). */
export const JSON_FILES: readonly JsonFileSpec[] = [
  { key: "config", schemaName: "config", path: "config.json", required: true, schema: configFileSchema },
  { key: "penalties", schemaName: "penalties", path: "penalties.json", required: true, schema: penaltiesFileSchema },
  { key: "stages", schemaName: "stages", path: "stages.json", required: true, schema: stagesFileSchema },
  {
    key: "initialConditions",
    schemaName: "initial_conditions",
    path: "initial_conditions.json",
    required: true,
    schema: initialConditionsFileSchema,
  },
  { key: "buses", schemaName: "buses", path: "system/buses.json", required: true, schema: busesFileSchema },
  { key: "lines", schemaName: "lines", path: "system/lines.json", required: true, schema: linesFileSchema },
  { key: "hydros", schemaName: "hydros", path: "system/hydros.json", required: true, schema: hydrosFileSchema },
  { key: "thermals", schemaName: "thermals", path: "system/thermals.json", required: true, schema: thermalsFileSchema },
  {
    key: "ncs",
    schemaName: "non_controllable_sources",
    path: "system/non_controllable_sources.json",
    required: false,
    schema: ncsFileSchema,
  },
  {
    key: "pumping",
    schemaName: "pumping_stations",
    path: "system/pumping_stations.json",
    required: false,
    schema: pumpingStationsFileSchema,
  },
  {
    key: "contracts",
    schemaName: "energy_contracts",
    path: "system/energy_contracts.json",
    required: false,
    schema: energyContractsFileSchema,
  },
  {
    key: "productionModels",
    schemaName: "production_models",
    path: "system/hydro_production_models.json",
    required: false,
    schema: productionModelsFileSchema,
  },
  {
    key: "loadFactors",
    schemaName: "load_factors",
    path: "scenarios/load_factors.json",
    required: false,
    schema: loadFactorsFileSchema,
  },
  {
    key: "ncsFactors",
    schemaName: "non_controllable_factors",
    path: "scenarios/non_controllable_factors.json",
    required: false,
    schema: ncsFactorsFileSchema,
  },
  {
    key: "correlation",
    schemaName: "correlation",
    path: "scenarios/correlation.json",
    required: false,
    schema: correlationFileSchema,
  },
  {
    key: "exchangeFactors",
    schemaName: "exchange_factors",
    path: "constraints/exchange_factors.json",
    required: false,
    schema: exchangeFactorsFileSchema,
  },
  {
    key: "genericConstraints",
    schemaName: "generic_constraints",
    path: "constraints/generic_constraints.json",
    required: false,
    schema: genericConstraintsFileSchema,
  },
];

/** A JSON input file of the case format and the zod schema `loadCase` validates it with. */
export interface JsonInputFile {
  /** The book's schema name (`<name>.schema.json`). */
  readonly name: string;
  /** Path inside a case directory. */
  readonly casePath: string;
  readonly required: boolean;
  readonly schema: z.ZodType;
}

/** Every JSON input file, for tools that publish or check the input schemas. */
export const JSON_INPUT_FILES: readonly JsonInputFile[] = JSON_FILES.map((f) => ({
  name: f.schemaName,
  casePath: f.path,
  required: f.required,
  schema: f.schema,
}));
