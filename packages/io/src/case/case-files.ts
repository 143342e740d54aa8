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
  readonly path: string;
  readonly required: boolean;
  readonly schema: z.ZodType;
}

/** JSON files, required ones first (structural layer). */
export const JSON_FILES: readonly JsonFileSpec[] = [
  { key: "config", path: "config.json", required: true, schema: configFileSchema },
  { key: "penalties", path: "penalties.json", required: true, schema: penaltiesFileSchema },
  { key: "stages", path: "stages.json", required: true, schema: stagesFileSchema },
  { key: "initialConditions", path: "initial_conditions.json", required: true, schema: initialConditionsFileSchema },
  { key: "buses", path: "system/buses.json", required: true, schema: busesFileSchema },
  { key: "lines", path: "system/lines.json", required: true, schema: linesFileSchema },
  { key: "hydros", path: "system/hydros.json", required: true, schema: hydrosFileSchema },
  { key: "thermals", path: "system/thermals.json", required: true, schema: thermalsFileSchema },
  { key: "ncs", path: "system/non_controllable_sources.json", required: false, schema: ncsFileSchema },
  { key: "pumping", path: "system/pumping_stations.json", required: false, schema: pumpingStationsFileSchema },
  { key: "contracts", path: "system/energy_contracts.json", required: false, schema: energyContractsFileSchema },
  {
    key: "productionModels",
    path: "system/hydro_production_models.json",
    required: false,
    schema: productionModelsFileSchema,
  },
  { key: "loadFactors", path: "scenarios/load_factors.json", required: false, schema: loadFactorsFileSchema },
  {
    key: "ncsFactors",
    path: "scenarios/non_controllable_factors.json",
    required: false,
    schema: ncsFactorsFileSchema,
  },
  { key: "correlation", path: "scenarios/correlation.json", required: false, schema: correlationFileSchema },
  {
    key: "exchangeFactors",
    path: "constraints/exchange_factors.json",
    required: false,
    schema: exchangeFactorsFileSchema,
  },
  {
    key: "genericConstraints",
    path: "constraints/generic_constraints.json",
    required: false,
    schema: genericConstraintsFileSchema,
  },
];

/** Relative path of a JSON file by key (for diagnostics). */
export function jsonPath(key: keyof RawJsonFiles): string {
  return JSON_FILES.find((f) => f.key === key)?.path ?? String(key);
}
