/**
 * Raw zod schemas, one per JSON file of the case format (snake_case, as on disk).
 * Parquet files are described by column specs in `@cobre/io`.
 */
export { busesFileSchema, rawDeficitSegmentSchema } from "./buses";
export type { RawBus, RawBusesFile } from "./buses";
export { linesFileSchema } from "./lines";
export type { RawLine, RawLinesFile } from "./lines";
export { thermalsFileSchema } from "./thermals";
export type { RawThermal, RawThermalsFile } from "./thermals";
export { hydrosFileSchema } from "./hydros";
export type { RawHydro, RawHydroPenaltyOverrides, RawHydrosFile } from "./hydros";
export { energyContractsFileSchema, ncsFileSchema, pumpingStationsFileSchema } from "./minor-entities";
export type { RawEnergyContractsFile, RawNcsFile, RawPumpingStationsFile } from "./minor-entities";
export { productionModelsFileSchema } from "./production-models";
export type { RawFphaConfig, RawProductionModel, RawProductionModelsFile } from "./production-models";
export { penaltiesFileSchema } from "./penalties";
export type { RawPenaltiesFile } from "./penalties";
export { stagesFileSchema } from "./stages";
export type { RawStage, RawStagesFile } from "./stages";
export { initialConditionsFileSchema } from "./initial-conditions";
export type { RawInitialConditionsFile } from "./initial-conditions";
export {
  correlationFileSchema,
  exchangeFactorsFileSchema,
  genericConstraintsFileSchema,
  loadFactorsFileSchema,
  ncsFactorsFileSchema,
} from "./scenario-files";
export type {
  RawCorrelationFile,
  RawExchangeFactorsFile,
  RawGenericConstraintsFile,
  RawLoadFactorsFile,
  RawNcsFactorsFile,
} from "./scenario-files";
export { configFileSchema, rawStoppingRuleSchema } from "./config";
export type { RawConfigFile, RawScenarioSource } from "./config";
