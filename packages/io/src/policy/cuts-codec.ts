/**
 * Encoding and decoding of `policy/cuts/stage_NNN.bin` (root table `StageCuts`).
 * Encoding uses the flatc-generated builders; decoding uses the bounds-checked reader.
 */
import { err, ok, type Result } from "@cobre/core";
import { Builder } from "flatbuffers";
import { guardDecode, inconsistent } from "./decode-guard";
import { Cut, StageCuts } from "./generated/policy_generated";
import { SafeBuffer } from "./safe-table";
import type { PolicyError, StageCutsData, StageCutsRead } from "./types";
import { validateStageCuts } from "./validate";

/** Field ids of `Cut` (schema `policy.fbs`). Id 4 is deprecated. */
const CUT = {
  cutId: 0,
  slotIndex: 1,
  iteration: 2,
  forwardPass: 3,
  intercept: 5,
  coefficients: 6,
  state: 7,
  active: 8,
};
/** Field ids of `StageCuts`. */
const STAGE = { stageId: 0, stateDimension: 1, capacity: 2, warmStart: 3, cuts: 4, activeIndices: 5, populated: 6 };
const INT32_MAX = 0x7fff_ffff;

/** Encodes one stage's cut pool as a `StageCuts` FlatBuffer (validated first). */
export function encodeStageCuts(stage: StageCutsData): Result<Uint8Array, PolicyError> {
  const problem = validateStageCuts(stage);
  if (problem !== null) return err(problem);
  const c = stage.cuts;
  const n = c.intercepts.length;
  const d = stage.stateDimension;
  const sag = c.statesAtGeneration !== undefined && c.statesAtGeneration.length > 0 ? c.statesAtGeneration : null;
  const b = new Builder(64 + n * (96 + 8 * d * (sag === null ? 1 : 2)));
  // Write every scalar, defaults included: a -0 intercept must not collapse to the +0 default.
  b.forceDefaults(true);
  const offsets = new Array<number>(n);
  const active: number[] = [];
  for (let i = 0; i < n; i++) {
    const coefficients = Cut.createCoefficientsVector(b, c.coefficients.subarray(i * d, (i + 1) * d));
    const state = sag === null ? 0 : Cut.createStateAtGenerationVector(b, sag.subarray(i * d, (i + 1) * d));
    const isActive = c.active[i] !== 0;
    if (isActive) active.push(i);
    Cut.startCut(b);
    Cut.addCutId(b, c.cutIds?.[i] ?? BigInt(i));
    Cut.addSlotIndex(b, c.slotIndices?.[i] ?? i);
    Cut.addIteration(b, c.iterations[i] ?? 0);
    Cut.addForwardPassIndex(b, c.forwardPasses[i] ?? 0);
    Cut.addIntercept(b, c.intercepts[i] ?? 0);
    Cut.addCoefficients(b, coefficients);
    if (state !== 0) Cut.addStateAtGeneration(b, state);
    Cut.addIsActive(b, isActive);
    offsets[i] = Cut.endCut(b);
  }
  const cuts = StageCuts.createCutsVector(b, offsets);
  const activeIndices = StageCuts.createActiveCutIndicesVector(b, active);
  StageCuts.startStageCuts(b);
  StageCuts.addStageId(b, stage.stageIndex);
  StageCuts.addStateDimension(b, d);
  StageCuts.addCapacity(b, stage.capacity ?? n);
  StageCuts.addWarmStartCount(b, stage.warmStartCount ?? 0);
  StageCuts.addCuts(b, cuts);
  StageCuts.addActiveCutIndices(b, activeIndices);
  StageCuts.addPopulatedCount(b, n);
  b.finish(StageCuts.endStageCuts(b));
  return ok(b.asUint8Array().slice());
}

function int32(value: number, what: string): number {
  return value <= INT32_MAX ? value : inconsistent(`${what} = ${value} exceeds the Int32 range`);
}

/**
 * Decodes a `StageCuts` FlatBuffer. Never throws: malformed bytes give `TruncatedFile`
 * (a reference past the end) or `Corrupted`. Coefficients are copied bit for bit.
 */
export function decodeStageCuts(bytes: Uint8Array): Result<StageCutsRead, PolicyError> {
  return guardDecode("StageCuts", () => {
    const buf = new SafeBuffer(bytes);
    const root = buf.root("StageCuts");
    const d = root.u32(STAGE.stateDimension);
    const tables = root.tableVector(STAGE.cuts, "Cut");
    const n = tables.length;
    if (n * d * 8 > bytes.byteLength)
      inconsistent(`${n} cuts × ${d} coefficients cannot fit in ${bytes.byteLength} bytes`);
    const populated = root.u32(STAGE.populated);
    if (populated !== n) inconsistent(`populated_count ${populated} differs from the ${n} cuts`);
    const intercepts = new Float64Array(n);
    const coefficients = new Float64Array(n * d);
    const states: Float64Array[] = [];
    const active = new Uint8Array(n);
    const iterations = new Int32Array(n);
    const forwardPasses = new Int32Array(n);
    const cutIds = new BigUint64Array(n);
    const slotIndices = new Uint32Array(n);
    tables.forEach((cut, i) => {
      const row = cut.f64Vector(CUT.coefficients);
      if (row.length !== d) inconsistent(`Cut[${i}] has ${row.length} coefficients, state_dimension is ${d}`);
      coefficients.set(row, i * d);
      const state = cut.f64Vector(CUT.state);
      if (state.length !== 0 && state.length !== d)
        inconsistent(`Cut[${i}] state_at_generation has ${state.length} values`);
      states.push(state);
      intercepts[i] = cut.f64(CUT.intercept);
      active[i] = cut.bool(CUT.active) ? 1 : 0;
      iterations[i] = int32(cut.u32(CUT.iteration), `Cut[${i}].iteration`);
      forwardPasses[i] = int32(cut.u32(CUT.forwardPass), `Cut[${i}].forward_pass_index`);
      cutIds[i] = cut.u64(CUT.cutId);
      slotIndices[i] = cut.u32(CUT.slotIndex);
    });
    const withStates = states.filter((s) => s.length > 0).length;
    if (withStates !== 0 && withStates !== n) inconsistent("state_at_generation is present on only some cuts");
    const statesAtGeneration = new Float64Array(withStates === 0 ? 0 : n * d);
    if (withStates !== 0) {
      for (const [i, s] of states.entries()) statesAtGeneration.set(s, i * d);
    }
    const activeCutIndices = root.u32Vector(STAGE.activeIndices);
    for (const index of activeCutIndices) if (index >= n) inconsistent(`active cut index ${index} out of ${n} cuts`);
    return {
      stageIndex: root.u32(STAGE.stageId),
      stateDimension: d,
      capacity: root.u32(STAGE.capacity),
      warmStartCount: root.u32(STAGE.warmStart),
      activeCutIndices,
      cuts: { intercepts, coefficients, active, iterations, forwardPasses, cutIds, slotIndices, statesAtGeneration },
    };
  });
}
