/** Shared fixtures of the policy-*.test.ts files: deterministic random checkpoints. */
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { PolicyCheckpointInput, StageCutsData } from "../src/policy/index";

/** Awkward doubles: signed zeros, subnormals, extremes, infinities. */
export const SPECIAL_VALUES = [
  -0,
  0,
  5e-324,
  -5e-324,
  2.2250738585072014e-308,
  1.7976931348623157e308,
  -1.7976931348623157e308,
  Number.EPSILON,
  1e-300,
  -1e300,
  Number.POSITIVE_INFINITY,
  Number.NEGATIVE_INFINITY,
  0.1,
  -123456.789,
];

/** Mulberry32: small seeded generator so failures reproduce. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A random double: mostly wide-range values, sometimes a special one. */
function randomDouble(next: () => number): number {
  if (next() < 0.2) return SPECIAL_VALUES[Math.floor(next() * SPECIAL_VALUES.length)] ?? 0;
  const mantissa = next() * 2 - 1;
  return mantissa * 10 ** Math.floor(next() * 600 - 300);
}

export function randomStage(stageIndex: number, nCuts: number, dim: number, seed: number): StageCutsData {
  const next = rng(seed);
  const fill = (n: number) => Float64Array.from({ length: n }, () => randomDouble(next));
  return {
    stageIndex,
    stateDimension: dim,
    capacity: nCuts + 3,
    warmStartCount: Math.min(nCuts, 1),
    cuts: {
      intercepts: fill(nCuts),
      coefficients: fill(nCuts * dim),
      active: Uint8Array.from({ length: nCuts }, () => (next() < 0.7 ? 1 : 0)),
      iterations: Int32Array.from({ length: nCuts }, (_, i) => 1 + Math.floor(i / 2)),
      forwardPasses: Int32Array.from({ length: nCuts }, (_, i) => i % 2),
      cutIds: BigUint64Array.from(
        { length: nCuts },
        (_, i) => BigInt(stageIndex) * 1_000_000n + BigInt(i) + (1n << 40n),
      ),
      slotIndices: Uint32Array.from({ length: nCuts }, (_, i) => i),
    },
  };
}

/** A 3-stage checkpoint with bases on two stages and visited states on one. */
export function sampleCheckpoint(seed = 7, nCuts = 25, dim = 6): PolicyCheckpointInput {
  const stages = [0, 1, 2].map((t) => randomStage(t, t === 2 ? 0 : nCuts + t, dim, seed + t));
  const next = rng(seed + 100);
  return {
    stages,
    bases: [0, 2].map((t) => ({
      stageIndex: t,
      iteration: 10,
      columnStatus: Uint8Array.from({ length: 40 }, () => Math.floor(next() * 4)),
      rowStatus: Uint8Array.from({ length: 30 }, () => Math.floor(next() * 4)),
      numCutRows: 12,
    })),
    states: [
      { stageIndex: 1, stateDimension: dim, data: Float64Array.from({ length: 4 * dim }, () => next() * 1e3 - 0) },
    ],
    metadata: {
      cobreVersion: "0.1.0",
      createdAt: "2026-01-02T03:04:05.000Z",
      completedIterations: 10,
      finalLowerBound: 182500.25,
      bestUpperBound: null,
      configHash: "cfg-abc",
      systemHash: "sys-def",
      maxIterations: 100,
      forwardPasses: 2,
      rngSeed: 18446744073709551615n,
      rngState: "opaque-state",
    },
  };
}

export async function tempDir(prefix = "cobre-policy-"): Promise<string> {
  return mkdtemp(join(tmpdir(), prefix));
}

/** Raw bytes of a typed array, for bit-for-bit comparison. */
export function bits(a: ArrayBufferView): Uint8Array {
  return new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
}
