/**
 * The per-stage `sampling_method` of stages.json (the Cobre book's "Noise Methods") and the
 * counter-based randomness shared by the stratified and quasi-random methods.
 *
 * A *design* is one point set of a method: the openings of one stage of the backward tree,
 * or the forward scenarios of one (iteration, round) at one stage. Every random choice of a
 * design (LHS permutations and jitters, Sobol scrambles, Halton digit permutations) is one
 * Philox4x32-10 block under a design key, at counter [index, stage key, j, tag]:
 * - tree designs use the key of the stream (tree seed, `StreamPurpose.SamplingTree`);
 * - forward designs use a key derived from the stream (forward seed,
 *   `StreamPurpose.SamplingForward`) and (iteration, round) by one more Philox block.
 * So any worker regenerates any design, or any point of it, bit for bit.
 */

import { ok } from "@cobre/core";
import { type StochasticResult, fail } from "../errors.js";
import { StreamPurpose, createStream, philox4x32 } from "../rng.js";

/** `sampling_method` of a stage in stages.json. */
export type SamplingMethod = "saa" | "lhs" | "qmc_sobol" | "qmc_halton" | "historical_residuals" | "selective";

/** Every {@link SamplingMethod}, in the book's order. */
export const SAMPLING_METHODS: readonly SamplingMethod[] = [
  "saa",
  "lhs",
  "qmc_sobol",
  "qmc_halton",
  "historical_residuals",
  "selective",
];

/**
 * `details.reason` of the errors the sampling methods return (the `kind` stays one of the
 * package's {@link StochasticErrorKind}s):
 * - `DimensionExceedsCapacity` (kind `InvalidInput`): QMC-Sobol asked for more dimensions
 *   than the direction-number table holds;
 * - `UnsupportedSamplingMethod` (kind `InvalidInput`): `selective` in the tree generator;
 * - `HistoricalNoiseRequired` (kind `MissingData`): `historical_residuals` without
 *   historical noise;
 * - `UnknownSamplingMethod` (kind `InvalidInput`): a string that is no method.
 */
export type SamplingErrorReason =
  | "DimensionExceedsCapacity"
  | "UnsupportedSamplingMethod"
  | "HistoricalNoiseRequired"
  | "UnknownSamplingMethod";

/** Whether `value` names a sampling method. */
export function isSamplingMethod(value: unknown): value is SamplingMethod {
  return typeof value === "string" && (SAMPLING_METHODS as readonly string[]).includes(value);
}

/** Parses `sampling_method` (absent → "saa"). */
export function parseSamplingMethod(value: string | null | undefined): StochasticResult<SamplingMethod> {
  if (value === undefined || value === null) return ok("saa");
  if (isSamplingMethod(value)) return ok(value);
  return fail("InvalidInput", `unknown sampling_method "${value}" (expected one of ${SAMPLING_METHODS.join(", ")})`, {
    reason: "UnknownSamplingMethod",
    value,
  });
}

const FORWARD_DESIGN_TAG = 0x464f5257; // "FORW"

/** Tags of the fourth counter word, one per kind of draw. */
export const DrawTag = {
  LhsPermutation: 1,
  LhsJitter: 2,
  SobolScramble: 3,
  HaltonTail: 4,
  /** Halton digit permutations: tag + 256·digit position. */
  HaltonDigit: 5,
} as const;

/** The Philox key of one design. */
export interface DesignKey {
  readonly key0: number;
  readonly key1: number;
}

/** Key of the tree designs of `seed` (one per tree; stages differ by the stage key). */
export function treeDesignKey(seed: number | bigint): DesignKey {
  const stream = createStream(seed, StreamPurpose.SamplingTree);
  return { key0: stream.key0, key1: stream.key1 };
}

/** Key of the forward design of (iteration, round) under the forward seed's stream key. */
export function forwardDesignKey(stream: DesignKey, iteration: number, round: number): DesignKey {
  const w = philox4x32(iteration, round, FORWARD_DESIGN_TAG, 0, stream.key0, stream.key1);
  return { key0: w[0] as number, key1: w[1] as number };
}

const TWO_POW_53 = 9007199254740992;

/** A 53-bit uniform in (0, 1) — never 0 or 1 — from the first two words of a block. */
export function designUniform(key: DesignKey, index: number, stageKey: number, j: number, tag: number): number {
  const w = philox4x32(index, stageKey, j, tag, key.key0, key.key1);
  return (((w[0] as number) >>> 5) * 67108864 + ((w[1] as number) >>> 6) + 0.5) / TWO_POW_53;
}

/** A uniform integer in [0, n) (bias at most n / 2⁵³). */
export function designIndex(
  key: DesignKey,
  index: number,
  stageKey: number,
  j: number,
  tag: number,
  n: number,
): number {
  const k = Math.floor(designUniform(key, index, stageKey, j, tag) * n);
  return k < n ? k : n - 1;
}
