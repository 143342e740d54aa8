/** Whole-checkpoint checks of the writer and derivation of the metadata fields. */
import { err, ok, type Result } from "@cobre/core";
import type { PolicyCheckpointInput, PolicyError, PolicyMetadata } from "./types";
import { isUint, validateStageBasis, validateStageCuts, validateStageStates } from "./validate";

type DerivedMetadata = Omit<PolicyMetadata, "version" | "checksums">;

function invalid(message: string): Result<never, PolicyError> {
  return err({ kind: "InvalidInput", message });
}

/** Checks that every per-stage index is a distinct stage of `0..numStages-1`. */
function checkIndices(what: string, indices: number[], numStages: number, all: boolean): string | null {
  const seen = new Set<number>();
  for (const i of indices) {
    if (i >= numStages) return `${what} for stage ${i}, but there are ${numStages} stages`;
    if (seen.has(i)) return `${what} given twice for stage ${i}`;
    seen.add(i);
  }
  return all && seen.size !== numStages ? `${what} must cover every stage 0..${numStages - 1}` : null;
}

/**
 * Validates the writer input and derives the metadata (state dimension, stage count,
 * warm-start counts, visited states); everything but version and checksums.
 */
export function checkCheckpointInput(input: PolicyCheckpointInput): Result<DerivedMetadata, PolicyError> {
  const { stages, metadata: m } = input;
  const bases = input.bases ?? [];
  const states = input.states ?? [];
  if (stages.length === 0) return invalid("a policy checkpoint needs at least one stage");
  for (const problem of [
    ...stages.map(validateStageCuts),
    ...bases.map(validateStageBasis),
    ...states.map(validateStageStates),
  ]) {
    if (problem !== null) return err(problem);
  }
  const n = stages.length;
  const indexProblem =
    checkIndices(
      "cuts",
      stages.map((s) => s.stageIndex),
      n,
      true,
    ) ??
    checkIndices(
      "a basis",
      bases.map((b) => b.stageIndex),
      n,
      false,
    ) ??
    checkIndices(
      "states",
      states.map((s) => s.stageIndex),
      n,
      false,
    );
  if (indexProblem !== null) return invalid(indexProblem);
  const d = stages[0]?.stateDimension ?? 0;
  const odd = [...stages, ...states].find((s) => s.stateDimension !== d);
  if (odd !== undefined)
    return invalid(`stage ${odd.stageIndex} has state dimension ${odd.stateDimension}, expected ${d}`);
  for (const key of ["completedIterations", "maxIterations", "forwardPasses"] as const) {
    if (!isUint(m[key])) return invalid(`metadata.${key} must be an unsigned 32-bit integer`);
  }
  if (!Number.isFinite(m.finalLowerBound)) return invalid("metadata.finalLowerBound must be finite");
  if (m.bestUpperBound !== null && !Number.isFinite(m.bestUpperBound))
    return invalid("metadata.bestUpperBound must be finite or null");
  const seed = typeof m.rngSeed === "bigint" ? m.rngSeed : Number.isSafeInteger(m.rngSeed) ? BigInt(m.rngSeed) : -1n;
  if (seed < 0n || seed >= 1n << 64n) return invalid("metadata.rngSeed must be an unsigned 64-bit integer");
  const byIndex = [...stages].sort((a, b) => a.stageIndex - b.stageIndex);
  const warmStartCounts = m.warmStartCounts ?? byIndex.map((s) => s.warmStartCount ?? 0);
  if (warmStartCounts.length !== n || !warmStartCounts.every((c) => isUint(c))) {
    return invalid(`metadata.warmStartCounts must hold ${n} unsigned integers`);
  }
  const warmStartCuts = m.warmStartCuts ?? warmStartCounts.reduce((a, c) => a + c, 0);
  if (!isUint(warmStartCuts, Number.MAX_SAFE_INTEGER))
    return invalid("metadata.warmStartCuts must be an unsigned integer");
  return ok({
    cobreVersion: m.cobreVersion,
    createdAt: m.createdAt ?? new Date().toISOString(),
    completedIterations: m.completedIterations,
    finalLowerBound: m.finalLowerBound,
    bestUpperBound: m.bestUpperBound,
    stateDimension: d,
    numStages: n,
    configHash: m.configHash,
    systemHash: m.systemHash,
    maxIterations: m.maxIterations,
    forwardPasses: m.forwardPasses,
    warmStartCuts,
    warmStartCounts: [...warmStartCounts],
    rngSeed: seed,
    rngState: m.rngState ?? null,
    totalVisitedStates: states.reduce((a, s) => a + (d === 0 ? 0 : s.data.length / d), 0),
  });
}
