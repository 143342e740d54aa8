/**
 * Policy checkpoint (`policy/` directory): FlatBuffers cut pools, bases and visited
 * states per stage (schema `packages/io/schemas/policy.fbs`, namespace `Cobre.IO.Policy`)
 * and `metadata.json` with per-file xxHash64 checksums.
 */
export { decodeStageBasis, decodeStageStates } from "./aux-codec";
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
export { readPolicy, readStageBasis, readStageCuts } from "./read-policy";
export type {
  CutColumns,
  PolicyCheckpoint,
  PolicyCheckpointInput,
  PolicyError,
  PolicyErrorKind,
  PolicyMetadata,
  PolicyMetadataInput,
  PolicyWriteSummary,
  StageBasisData,
  StageCutsData,
  StageCutsRead,
} from "./types";
export { type WritePolicyOptions, writePolicyCheckpoint } from "./write-policy";
