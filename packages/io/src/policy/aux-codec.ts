/**
 * Encoding and decoding of `policy/basis/stage_NNN.bin` (root `StageBasis`) and
 * `policy/states/stage_NNN.bin` (root `StageStates`).
 */
import { err, ok, type Result } from "@cobre/core";
import { Builder } from "flatbuffers";
import { guardDecode, inconsistent } from "./decode-guard";
import { StageBasis, StageStates } from "./generated/policy_generated";
import { SafeBuffer } from "./safe-table";
import type { PolicyError, StageBasisData, StageStatesData } from "./types";
import { validateStageBasis, validateStageStates } from "./validate";

/** Field ids of `StageBasis` (schema `policy.fbs`). */
const BASIS = { stageId: 0, iteration: 1, numColumns: 2, numRows: 3, columns: 4, rows: 5, numCutRows: 6 };
/** Field ids of `StageStates`. */
const STATES = { stageId: 0, stateDimension: 1, count: 2, data: 3 };

/** Encodes one stage's simplex basis as a `StageBasis` FlatBuffer (validated first). */
export function encodeStageBasis(basis: StageBasisData): Result<Uint8Array, PolicyError> {
  const problem = validateStageBasis(basis);
  if (problem !== null) return err(problem);
  const b = new Builder(64 + basis.columnStatus.length + basis.rowStatus.length);
  b.forceDefaults(true);
  const columns = StageBasis.createColumnStatusVector(b, basis.columnStatus);
  const rows = StageBasis.createRowStatusVector(b, basis.rowStatus);
  StageBasis.startStageBasis(b);
  StageBasis.addStageId(b, basis.stageIndex);
  StageBasis.addIteration(b, basis.iteration);
  StageBasis.addNumColumns(b, basis.columnStatus.length);
  StageBasis.addNumRows(b, basis.rowStatus.length);
  StageBasis.addColumnStatus(b, columns);
  StageBasis.addRowStatus(b, rows);
  StageBasis.addNumCutRows(b, basis.numCutRows);
  b.finish(StageBasis.endStageBasis(b));
  return ok(b.asUint8Array().slice());
}

/** Decodes a `StageBasis` FlatBuffer; never throws. */
export function decodeStageBasis(bytes: Uint8Array): Result<StageBasisData, PolicyError> {
  return guardDecode("StageBasis", () => {
    const root = new SafeBuffer(bytes).root("StageBasis");
    const columnStatus = root.u8Vector(BASIS.columns);
    const rowStatus = root.u8Vector(BASIS.rows);
    const numColumns = root.u32(BASIS.numColumns);
    const numRows = root.u32(BASIS.numRows);
    const numCutRows = root.u32(BASIS.numCutRows);
    if (numColumns !== columnStatus.length)
      inconsistent(`num_columns ${numColumns} but ${columnStatus.length} statuses`);
    if (numRows !== rowStatus.length) inconsistent(`num_rows ${numRows} but ${rowStatus.length} statuses`);
    if (numCutRows > numRows) inconsistent(`num_cut_rows ${numCutRows} exceeds num_rows ${numRows}`);
    return {
      stageIndex: root.u32(BASIS.stageId),
      iteration: root.u32(BASIS.iteration),
      columnStatus,
      rowStatus,
      numCutRows,
    };
  });
}

/** Encodes one stage's visited states as a `StageStates` FlatBuffer (validated first). */
export function encodeStageStates(states: StageStatesData): Result<Uint8Array, PolicyError> {
  const problem = validateStageStates(states);
  if (problem !== null) return err(problem);
  const d = states.stateDimension;
  const b = new Builder(64 + 8 * states.data.length);
  b.forceDefaults(true);
  const data = StageStates.createDataVector(b, states.data);
  StageStates.startStageStates(b);
  StageStates.addStageId(b, states.stageIndex);
  StageStates.addStateDimension(b, d);
  StageStates.addCount(b, d === 0 ? 0 : states.data.length / d);
  StageStates.addData(b, data);
  b.finish(StageStates.endStageStates(b));
  return ok(b.asUint8Array().slice());
}

/** Decodes a `StageStates` FlatBuffer; never throws. */
export function decodeStageStates(bytes: Uint8Array): Result<StageStatesData, PolicyError> {
  return guardDecode("StageStates", () => {
    const root = new SafeBuffer(bytes).root("StageStates");
    const stateDimension = root.u32(STATES.stateDimension);
    const count = root.u32(STATES.count);
    const data = root.f64Vector(STATES.data);
    if (count * stateDimension !== data.length) {
      inconsistent(`count ${count} × state_dimension ${stateDimension} but ${data.length} values`);
    }
    return { stageIndex: root.u32(STATES.stageId), stateDimension, data };
  });
}
