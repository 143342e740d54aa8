/**
 * @cobre/io — reading Cobre case directories (with 5-layer validation) and, later,
 * writing Cobre outputs.
 */
export { loadCase } from "./case/load-case";
export { validate } from "./case/validate";
export { VALIDATION_KINDS } from "./errors";
export type {
  LoadError,
  ValidationContext,
  ValidationKind,
  ValidationLayer,
  ValidationRecord,
  ValidationReport,
} from "./errors";
export type {
  SimulationScenarioResult,
  CostsColumns,
  HydroColumns,
  ThermalColumns,
  ExchangeColumns,
  BusColumns,
  NonControllableColumns,
  InflowLagColumns,
} from "./output/simulation-result";
export {
  decodeStageCuts,
  encodeStageCuts,
  POLICY_FORMAT_VERSION,
  readPolicy,
  readStageCuts,
  writePolicyCheckpoint,
} from "./policy/index";
export type {
  CutColumns,
  PolicyCheckpoint,
  PolicyCheckpointInput,
  PolicyError,
  PolicyErrorKind,
  PolicyMetadata,
  PolicyMetadataInput,
  PolicyWriteSummary,
  StageCutsData,
  StageCutsRead,
  WritePolicyOptions,
} from "./policy/index";
