/**
 * Forward-pass noise for (iteration, forward scenario, stage).
 *
 * - In-sample (`in_sample`, the book's default): the forward pass reuses the backward
 *   openings. The opening is picked uniformly — floor(u·N) with a 53-bit uniform u from the
 *   Philox stream (seed, OpeningSelection) at counter (iteration, scenario, stage id) — so
 *   every worker picks the same opening for the same triple, with replacement across
 *   scenarios.
 * - Out-of-sample (`out_of_sample`): fresh standard normals from the stream
 *   (seed, ForwardNoise) at counter (iteration, scenario, stage id), independent of the
 *   tree, then the stage's spatial correlation. The book uses `training.scenario_source.seed`
 *   here, distinct from `tree_seed`; the stream purpose keeps them independent even when
 *   both seeds are equal.
 */

import { type PreparedCorrelation, applyCorrelation } from "./correlation.js";
import { type OpeningTree, openingNoise } from "./opening-tree.js";
import { type NoiseStream, StreamPurpose, createStream, fillStandardNormals, uniformIndexAt } from "./rng.js";

/** Picks openings of a tree for forward scenarios. */
export interface InSampleSampler {
  readonly scheme: "in_sample";
  readonly tree: OpeningTree;
  readonly stream: NoiseStream;
  readonly stageIds: readonly number[];
}

/** Draws fresh noise for forward scenarios. */
export interface OutOfSampleSampler {
  readonly scheme: "out_of_sample";
  readonly dim: number;
  readonly stream: NoiseStream;
  readonly stageIds: readonly number[];
  readonly correlation: PreparedCorrelation | undefined;
  /** Per-sampler scratch for correlation (a sampler is used by one worker at a time). */
  readonly scratch: Float64Array;
}

/** Either forward-pass scheme. */
export type ForwardSampler = InSampleSampler | OutOfSampleSampler;

/**
 * In-sample sampler over `tree`.
 * @param seed the tree seed (`training.tree_seed`)
 * @param stageIds study stage ids, one per tree stage
 */
export function createInSampleSampler(
  tree: OpeningTree,
  seed: number | bigint,
  stageIds: readonly number[],
): InSampleSampler {
  if (stageIds.length !== tree.nStages) throw new RangeError("stageIds must have one entry per tree stage");
  return {
    scheme: "in_sample",
    tree,
    stream: createStream(seed, StreamPurpose.OpeningSelection),
    stageIds: [...stageIds],
  };
}

/**
 * Out-of-sample sampler.
 * @param seed forward seed (`training.scenario_source.seed`)
 * @param correlation spatial correlation prepared for the same layout (optional)
 */
export function createOutOfSampleSampler(
  seed: number | bigint,
  stageIds: readonly number[],
  dim: number,
  correlation?: PreparedCorrelation,
): OutOfSampleSampler {
  if (correlation !== undefined && correlation.dim !== dim)
    throw new RangeError("correlation dim differs from sampler dim");
  return {
    scheme: "out_of_sample",
    dim,
    stream: createStream(seed, StreamPurpose.ForwardNoise),
    stageIds: [...stageIds],
    correlation,
    scratch: new Float64Array(Math.max(1, correlation?.maxGroupSize ?? 1)),
  };
}

/** The opening an in-sample forward scenario uses at a stage. */
export function selectOpening(
  sampler: InSampleSampler,
  iteration: number,
  scenario: number,
  stageIndex: number,
): number {
  const stageId = sampler.stageIds[stageIndex];
  if (stageId === undefined) throw new RangeError(`stage index ${stageIndex} out of range`);
  return uniformIndexAt(sampler.stream, iteration, scenario, stageId, sampler.tree.openings[stageIndex] as number);
}

/**
 * Writes the forward noise vector of (iteration, scenario, stage) into `out` (length ≥ dim).
 * @returns the opening index used (in-sample) or −1 (out-of-sample)
 */
export function sampleForwardNoise(
  sampler: ForwardSampler,
  iteration: number,
  scenario: number,
  stageIndex: number,
  out: Float64Array,
): number {
  if (sampler.scheme === "in_sample") {
    const opening = selectOpening(sampler, iteration, scenario, stageIndex);
    out.set(openingNoise(sampler.tree, stageIndex, opening));
    return opening;
  }
  const stageId = sampler.stageIds[stageIndex];
  if (stageId === undefined) throw new RangeError(`stage index ${stageIndex} out of range`);
  fillStandardNormals(sampler.stream, iteration, scenario, stageId, out, 0, sampler.dim, 0);
  if (sampler.correlation !== undefined) applyCorrelation(sampler.correlation, stageIndex, out, sampler.scratch);
  return -1;
}
