/**
 * Policy checkpoint (`policy/` directory): FlatBuffers cut pools, bases and visited
 * states per stage (schema `packages/io/schemas/policy.fbs`, namespace `Cobre.IO.Policy`)
 * and `metadata.json` with per-file xxHash64 checksums.
 */
export { decodeStageBasis, decodeStageStates, encodeStageBasis, encodeStageStates } from "./aux-codec";
export { decodeStageCuts, encodeStageCuts } from "./cuts-codec";
export {
  checkpointCandidates,
  policyDirectoryIn,
  prepareCheckpointStaging,
  publishStagedCheckpoint,
  readOptionalCheckpointText,
  stagedPolicyDir,
} from "./checkpoint-staging";
export { POLICY_FORMAT_VERSION } from "./metadata";
export { type PolicyFileKind, stageFileKey, stageFileName } from "./paths";
export { readPolicy, readStageBasis, readStageCuts, readStageStates } from "./read-policy";
export type {
  CutColumns,
  PolicyCheckpoint,
  PolicyCheckpointInput,
  PolicyError,
  PolicyErrorKind,
  PolicyFileChecksum,
  PolicyMetadata,
  PolicyMetadataInput,
  PolicyWriteSummary,
  StageBasisData,
  StageCutsData,
  StageCutsRead,
  StageStatesData,
} from "./types";
export { type WritePolicyOptions, writePolicyCheckpoint } from "./write-policy";
