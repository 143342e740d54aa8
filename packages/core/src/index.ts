/**
 * @cobre/core — the data model of Cobre: entities (buses, lines, hydros, thermals, ...),
 * stages and blocks, the `System` in canonical id order, configuration types with their
 * zod schemas and defaults, the Result type used at every package boundary, and the one
 * error model (the error-kind registry, `ErrorRecord`, `CobreError`).
 *
 * Principles: typed and immutable; no I/O and no solver here; names and units follow
 * the Cobre case format.
 */
export type {
  Bus,
  ConstraintSense,
  ContractType,
  DeficitSegment,
  EnergyContract,
  GenericConstraint,
  HydraulicLosses,
  Hydro,
  HydroGeneration,
  HydroGenerationModel,
  HydroPenalties,
  Line,
  NonControllableSource,
  PumpingStation,
  Tailrace,
  Thermal,
} from "./entities";
export type {
  Block,
  PolicyGraph,
  PolicyGraphTransition,
  PreStudyStage,
  RiskMeasure,
  Season,
  SeasonDefinitions,
  Stage,
} from "./stages";
export type {
  BlockFactorEntry,
  Constraints,
  CorrelationModel,
  ExchangeFactorEntry,
  ExternalScenarioValue,
  FphaHyperplane,
  GenericConstraintBound,
  GlobalPenalties,
  HydroBoundOverride,
  HydroGeometryPoint,
  InflowAnnualComponent,
  InflowArCoefficient,
  InflowHistoryRow,
  InflowSeasonalStat,
  InitialConditions,
  LineBoundOverride,
  LoadSeasonalStat,
  NcsStat,
  NoiseOpeningValue,
  Scenarios,
  ThermalBoundOverride,
} from "./case-data";
export type {
  ConstraintEntityClass,
  ConstraintVariable,
  ExpressionError,
  LinearExpression,
  LinearTerm,
} from "./constraint-expression";
export {
  BLOCK_VARIABLES,
  STAGE_VARIABLES,
  VARIABLE_ENTITY,
  parseConstraintExpression,
} from "./constraint-expression";
export type { System } from "./system";
export { byCanonicalId, isInService } from "./system";
export { StageBounds, type HydroStageBounds } from "./stage-bounds";
export type { Result } from "./result";
export { err, ok } from "./result";
export type {
  CobreErrorInit,
  ErrorContext,
  ErrorKind,
  ErrorKindGroup,
  ErrorKindSubset,
  ErrorRecord,
} from "./errors";
export { CobreError, ERROR_KINDS, ERROR_KIND_GROUPS, isErrorKind } from "./errors";
export type {
  Config,
  CutFormulation,
  CutSelectionConfig,
  CutSelectionMethod,
  EstimationConfig,
  ExportsConfig,
  HistoricalYears,
  InflowNonNegativityMethod,
  ModelingConfig,
  PolicyConfig,
  SamplingScheme,
  ScenarioSourceConfig,
  SimulationConfig,
  StoppingRule,
  TrainingConfig,
  UpperBoundEvaluationConfig,
} from "./config";
export { DEFAULT_TREE_SEED } from "./config";
export { rawConfigOf } from "./config-raw";
export type { UnsupportedConfigField, UnsupportedOptionWarning } from "./config-support";
export { IMPLEMENTED_CONFIG_FIELDS, UNSUPPORTED_CONFIG_FIELDS, unsupportedConfigWarnings } from "./config-support";
export { resolveConfig } from "./config-resolve";
export type {
  FphaConfig,
  HydroProductionModel,
  ProductionModelChoice,
  StageRangeModel,
} from "./production-models";
export type { Case } from "./case";
export {
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
  rawDeficitSegmentSchema,
  rawStoppingRuleSchema,
  stagesFileSchema,
  thermalsFileSchema,
} from "./schemas/index";
export type {
  RawBus,
  RawBusesFile,
  RawConfigFile,
  RawCorrelationFile,
  RawEnergyContractsFile,
  RawExchangeFactorsFile,
  RawFphaConfig,
  RawGenericConstraintsFile,
  RawHydro,
  RawHydroPenaltyOverrides,
  RawHydrosFile,
  RawInitialConditionsFile,
  RawLine,
  RawLinesFile,
  RawLoadFactorsFile,
  RawNcsFactorsFile,
  RawNcsFile,
  RawPenaltiesFile,
  RawProductionModel,
  RawProductionModelsFile,
  RawPumpingStationsFile,
  RawScenarioSource,
  RawStage,
  RawStagesFile,
  RawThermal,
  RawThermalsFile,
} from "./schemas/index";
export { COBRE_VERSION } from "./version";
