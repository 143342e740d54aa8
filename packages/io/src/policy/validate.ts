/** Input checks of the writer: every array length and integer range the schema implies. */
import type { PolicyError, StageBasisData, StageCutsData, StageStatesData } from "./types";

const U32_MAX = 0xffff_ffff;

function invalid(message: string): PolicyError {
  return { kind: "InvalidInput", message };
}

/** True for an integer in `[0, max]`. */
export function isUint(value: unknown, max = U32_MAX): value is number {
  return typeof value === "number" && Number.isInteger(value) && value >= 0 && value <= max;
}

function checkNonNegative(name: string, values: Int32Array): PolicyError | null {
  for (let i = 0; i < values.length; i++) {
    if ((values[i] as number) < 0) return invalid(`${name}[${i}] = ${values[i]} is negative`);
  }
  return null;
}

/** Checks one stage's cut pool; null when it can be written. */
export function validateStageCuts(stage: StageCutsData): PolicyError | null {
  const at = `stage ${String(stage.stageIndex)}`;
  if (!isUint(stage.stageIndex)) return invalid(`${at}: stageIndex must be an unsigned 32-bit integer`);
  if (!isUint(stage.stateDimension)) return invalid(`${at}: stateDimension must be an unsigned 32-bit integer`);
  const c = stage.cuts;
  if (!(c.intercepts instanceof Float64Array) || !(c.coefficients instanceof Float64Array)) {
    return invalid(`${at}: intercepts and coefficients must be Float64Array`);
  }
  if (!(c.active instanceof Uint8Array)) return invalid(`${at}: active must be a Uint8Array`);
  if (!(c.iterations instanceof Int32Array) || !(c.forwardPasses instanceof Int32Array)) {
    return invalid(`${at}: iterations and forwardPasses must be Int32Array`);
  }
  const n = c.intercepts.length;
  const d = stage.stateDimension;
  if (c.coefficients.length !== n * d) {
    return invalid(`${at}: coefficients has ${c.coefficients.length} values, expected ${n} cuts × ${d}`);
  }
  const lengths: [string, { length: number } | undefined][] = [
    ["active", c.active],
    ["iterations", c.iterations],
    ["forwardPasses", c.forwardPasses],
    ["cutIds", c.cutIds],
    ["slotIndices", c.slotIndices],
  ];
  for (const [name, arr] of lengths) {
    if (arr !== undefined && arr.length !== n)
      return invalid(`${at}: ${name} has ${arr.length} entries, expected ${n}`);
  }
  if (c.cutIds !== undefined && !(c.cutIds instanceof BigUint64Array))
    return invalid(`${at}: cutIds must be BigUint64Array`);
  if (c.slotIndices !== undefined && !(c.slotIndices instanceof Uint32Array)) {
    return invalid(`${at}: slotIndices must be Uint32Array`);
  }
  const sag = c.statesAtGeneration;
  if (sag !== undefined && (!(sag instanceof Float64Array) || (sag.length !== 0 && sag.length !== n * d))) {
    return invalid(`${at}: statesAtGeneration must be an empty or ${n} × ${d} Float64Array`);
  }
  if (stage.capacity !== undefined && (!isUint(stage.capacity) || stage.capacity < n)) {
    return invalid(`${at}: capacity ${stage.capacity} must be an unsigned integer ≥ the ${n} cuts`);
  }
  if (stage.warmStartCount !== undefined && !isUint(stage.warmStartCount)) {
    return invalid(`${at}: warmStartCount must be an unsigned 32-bit integer`);
  }
  return (
    checkNonNegative(`${at}: iterations`, c.iterations) ?? checkNonNegative(`${at}: forwardPasses`, c.forwardPasses)
  );
}

/** Checks one stage's basis; null when it can be written. */
export function validateStageBasis(basis: StageBasisData): PolicyError | null {
  const at = `basis of stage ${String(basis.stageIndex)}`;
  if (!isUint(basis.stageIndex) || !isUint(basis.iteration) || !isUint(basis.numCutRows)) {
    return invalid(`${at}: stageIndex, iteration and numCutRows must be unsigned 32-bit integers`);
  }
  if (!(basis.columnStatus instanceof Uint8Array) || !(basis.rowStatus instanceof Uint8Array)) {
    return invalid(`${at}: columnStatus and rowStatus must be Uint8Array`);
  }
  if (basis.numCutRows > basis.rowStatus.length) {
    return invalid(`${at}: numCutRows ${basis.numCutRows} exceeds the ${basis.rowStatus.length} rows`);
  }
  return null;
}

/** Checks one stage's visited states; null when they can be written. */
export function validateStageStates(states: StageStatesData): PolicyError | null {
  const at = `states of stage ${String(states.stageIndex)}`;
  if (!isUint(states.stageIndex) || !isUint(states.stateDimension)) {
    return invalid(`${at}: stageIndex and stateDimension must be unsigned 32-bit integers`);
  }
  if (!(states.data instanceof Float64Array)) return invalid(`${at}: data must be a Float64Array`);
  const d = states.stateDimension;
  if (d === 0 ? states.data.length !== 0 : states.data.length % d !== 0) {
    return invalid(`${at}: ${states.data.length} values is not a multiple of the dimension ${d}`);
  }
  return null;
}
