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
 *
 * Out-of-sample noise follows the stage's `sampling_method` (options of
 * {@link buildOutOfSampleSampler}; SAA, as above, when none is given):
 * - The forward scenarios are split into rounds of M = `scenariosPerIteration`
 *   (`forward_passes`): scenario k of an iteration is point p = k mod M of the design of
 *   round r = ⌊k / M⌋. The design of (iteration, round, stage) is keyed by one Philox block
 *   of the stream (forward seed, StreamPurpose.SamplingForward) at (iteration, round) and by the
 *   stage id, exactly like a tree stage's design under the tree seed.
 * - `lhs`: M strata per dimension; a Fisher–Yates permutation per dimension (drawn from the
 *   design key, the same on every worker) gives each scenario its own stratum, and a jitter
 *   keyed by the scenario places it inside: within a round every stratum of every dimension
 *   is used exactly once (random without replacement), with no coordination.
 * - `qmc_sobol` / `qmc_halton`: point p of an M-point scrambled design; the scramble is drawn
 *   afresh per (iteration, round, stage), so iterations see independent randomised QMC sets.
 * - `selective` / `historical_residuals` have no forward generator and fall back to SAA with
 *   a warning (as in the book); historical forward noise is the `historical` scheme.
 * - With `noiseGroupIds`, a stage continuing its predecessor's group (equal id) reuses the
 *   first stage of the run's noise — its method, stage id and correlation profile — so the
 *   whole run gets identical vectors, as the tree's noise sharing does.
 * A sampler caches the designs of the current (iteration, round) per stage; draws are pure
 * functions of (seed, iteration, scenario, stage), whichever worker makes them and in any
 * order.
 */

import { type PreparedCorrelation, applyCorrelation } from "./correlation.js";
import { ok } from "@cobre/core";
import { type StochasticResult, fail } from "./errors.js";
import { type OpeningTree, openingNoise } from "./opening-tree.js";
import { type NoiseStream, StreamPurpose, createStream, fillStandardNormals, uniformIndexAt } from "./rng.js";
import { type HaltonDesign, fillHaltonPoint, haltonDesign } from "./sampling/halton.js";
import { fillLhsPoint, lhsStrata } from "./sampling/lhs.js";
import { type DesignKey, type SamplingMethod, forwardDesignKey, isSamplingMethod } from "./sampling/methods.js";
import { SOBOL_MAX_DIM, fillSobolPoint, sobolDirections, sobolScramble } from "./sampling/sobol.js";

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
  /** Method each stage draws with ("saa" for selective / historical_residuals stages). */
  readonly methods: readonly SamplingMethod[];
  /** Forward scenarios per round (the LHS strata / QMC points of a design); 0 if unused. */
  readonly scenariosPerIteration: number;
  /** Stage whose noise each stage uses: itself, or the first stage of its noise-group run. */
  readonly sourceStage: Int32Array;
  /** Stages whose method had no forward generator and fell back to SAA. */
  readonly warnings: readonly SamplingWarning[];
  /** Designs of the current (iteration, round): worker-local cache, mutated by draws. */
  readonly designs: ForwardDesignCache;
}

/** A stage whose `sampling_method` the out-of-sample sampler could not honour. */
export interface SamplingWarning {
  readonly stageIndex: number;
  readonly stageId: number;
  readonly method: SamplingMethod;
  readonly message: string;
}

/** Options of the out-of-sample sampler beyond plain SAA. */
export interface OutOfSampleOptions {
  /** Per-stage `sampling_method` (default "saa" everywhere). */
  readonly samplingMethods?: readonly SamplingMethod[];
  /**
   * Forward scenarios per iteration (`forward_passes`, or the simulation's scenario count):
   * the size M of one LHS / QMC design. Required when a stage uses lhs, qmc_sobol or
   * qmc_halton; scenario k belongs to round ⌊k / M⌋.
   */
  readonly scenariosPerIteration?: number;
  /** Per-stage noise group: a stage equal to its predecessor reuses the run's first stage's noise. */
  readonly noiseGroupIds?: readonly number[];
}

/** Inputs of {@link buildOutOfSampleSampler}. */
export interface OutOfSampleSamplerInput extends OutOfSampleOptions {
  /** Forward seed (`training.scenario_source.seed`). */
  readonly seed: number | bigint;
  /** Study stage ids, one per stage (non-negative 32-bit integers). */
  readonly stageIds: readonly number[];
  readonly dim: number;
  /** Spatial correlation prepared for the same layout (optional). */
  readonly correlation?: PreparedCorrelation;
}

/** A cached forward design of one stage. */
type ForwardStageDesign =
  | { readonly method: "lhs"; readonly strata: Int32Array }
  | { readonly method: "qmc_sobol"; readonly directions: Uint32Array; readonly scramble: Uint32Array }
  | { readonly method: "qmc_halton"; readonly design: HaltonDesign };

/** The designs of one (iteration, round), per source stage, built on first use. */
export class ForwardDesignCache {
  private iteration = -1;
  private round = -1;
  private key: DesignKey = { key0: 0, key1: 0 };
  private readonly byStage = new Map<number, ForwardStageDesign>();
  /** Sobol state scratch. */
  readonly bits: Uint32Array;
  /** Key of the stream (forward seed, StreamPurpose.SamplingForward) the design keys derive from. */
  private readonly root: DesignKey;

  constructor(seed: number | bigint, dim: number) {
    this.bits = new Uint32Array(Math.max(1, dim));
    const stream = createStream(seed, StreamPurpose.SamplingForward);
    this.root = { key0: stream.key0, key1: stream.key1 };
  }

  /** The design of `stage` for (iteration, round), drawing it if this cache has not yet. */
  get(sampler: OutOfSampleSampler, iteration: number, round: number, stage: number): ForwardStageDesign {
    if (iteration !== this.iteration || round !== this.round) {
      this.byStage.clear();
      this.iteration = iteration;
      this.round = round;
      this.key = forwardDesignKey(this.root, iteration, round);
    }
    let design = this.byStage.get(stage);
    if (design === undefined) {
      const method = sampler.methods[stage];
      const stageId = sampler.stageIds[stage] as number;
      const n = sampler.scenariosPerIteration;
      const dim = sampler.dim;
      if (method === "lhs") design = { method, strata: lhsStrata(this.key, stageId, n, dim) };
      else if (method === "qmc_sobol")
        design = { method, directions: sobolDirections(dim), scramble: sobolScramble(this.key, stageId, dim) };
      else if (method === "qmc_halton") design = { method, design: haltonDesign(this.key, stageId, n, dim) };
      else throw new Error(`stage ${stage} draws by SAA and has no design`);
      this.byStage.set(stage, design);
    }
    return design;
  }

  /** The key of the current (iteration, round) (valid after {@link get}). */
  currentKey(): DesignKey {
    return this.key;
  }
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
 * Out-of-sample sampler, validating its inputs: fails (`InvalidInput`) on malformed options,
 * a missing `scenariosPerIteration` when a stage needs designs, or QMC-Sobol above
 * SOBOL_MAX_DIM dimensions (`details.reason` "DimensionExceedsCapacity").
 */
export function buildOutOfSampleSampler(input: OutOfSampleSamplerInput): StochasticResult<OutOfSampleSampler> {
  const { seed, dim, correlation } = input;
  const stageIds = [...input.stageIds];
  const nStages = stageIds.length;
  if (!Number.isInteger(dim) || dim < 0) return fail("InvalidInput", "dim must be a non-negative integer", { dim });
  if (correlation !== undefined && correlation.dim !== dim)
    return fail("InvalidInput", "correlation dim differs from sampler dim", { dim, correlationDim: correlation.dim });
  for (const id of stageIds) {
    if (!Number.isInteger(id) || id < 0 || id >= 2 ** 32)
      return fail("InvalidInput", "stage ids must be non-negative 32-bit integers", { stageId: id });
  }
  const given = input.samplingMethods;
  if (given !== undefined && given.length !== nStages)
    return fail("InvalidInput", "samplingMethods must have one entry per stage", {
      stages: nStages,
      given: given.length,
    });
  const groups = input.noiseGroupIds;
  if (groups !== undefined && groups.length !== nStages)
    return fail("InvalidInput", "noiseGroupIds must have one entry per stage", {
      stages: nStages,
      given: groups.length,
    });
  const methods: SamplingMethod[] = [];
  const warnings: SamplingWarning[] = [];
  let needsDesigns = false;
  for (let s = 0; s < nStages; s++) {
    const method: unknown = given?.[s] ?? "saa";
    const stageId = stageIds[s] as number;
    if (!isSamplingMethod(method)) {
      return fail("InvalidInput", `stage ${stageId}: unknown sampling_method "${String(method)}"`, {
        reason: "UnknownSamplingMethod",
        stageId,
        value: String(method),
      });
    }
    if (method === "selective" || method === "historical_residuals") {
      warnings.push({
        stageIndex: s,
        stageId,
        method,
        message: `stage ${stageId}: sampling_method "${method}" has no out-of-sample generator; fresh forward noise falls back to SAA`,
      });
      methods.push("saa");
      continue;
    }
    if (method === "qmc_sobol" && dim > SOBOL_MAX_DIM) {
      return fail(
        "InvalidInput",
        `stage ${stageId}: qmc_sobol supports at most ${SOBOL_MAX_DIM} noise dimensions, the case has ${dim}`,
        { reason: "DimensionExceedsCapacity", method, stageId, dim, maxDim: SOBOL_MAX_DIM },
      );
    }
    if (method !== "saa") needsDesigns = true;
    methods.push(method);
  }
  let scenariosPerIteration = 0;
  if (needsDesigns) {
    const m = input.scenariosPerIteration;
    if (m === undefined || !Number.isInteger(m) || m < 1 || m >= 2 ** 32) {
      return fail(
        "InvalidInput",
        "scenariosPerIteration (forward passes per iteration) must be a positive integer when a stage samples by lhs, qmc_sobol or qmc_halton",
        { given: String(m) },
      );
    }
    scenariosPerIteration = m;
  }
  const sourceStage = new Int32Array(nStages);
  for (let s = 0; s < nStages; s++) {
    sourceStage[s] = s > 0 && groups !== undefined && groups[s] === groups[s - 1] ? (sourceStage[s - 1] as number) : s;
  }
  if (methods.includes("qmc_sobol")) sobolDirections(dim); // decode the table once, up front
  return ok({
    scheme: "out_of_sample",
    dim,
    stream: createStream(seed, StreamPurpose.ForwardNoise),
    stageIds,
    correlation,
    scratch: new Float64Array(Math.max(1, correlation?.maxGroupSize ?? 1)),
    methods,
    scenariosPerIteration,
    sourceStage,
    warnings,
    designs: new ForwardDesignCache(seed, dim),
  });
}

/**
 * Out-of-sample sampler (throwing form of {@link buildOutOfSampleSampler}).
 * @param seed forward seed (`training.scenario_source.seed`)
 * @param correlation spatial correlation prepared for the same layout (optional)
 * @param options per-stage sampling methods, scenarios per iteration, noise groups
 * @throws RangeError when the inputs are invalid
 */
export function createOutOfSampleSampler(
  seed: number | bigint,
  stageIds: readonly number[],
  dim: number,
  correlation?: PreparedCorrelation,
  options?: OutOfSampleOptions,
): OutOfSampleSampler {
  const built = buildOutOfSampleSampler({
    ...options,
    seed,
    stageIds,
    dim,
    ...(correlation === undefined ? {} : { correlation }),
  });
  if (!built.ok) throw new RangeError(built.error.message);
  return built.value;
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
  const source = sampler.sourceStage[stageIndex];
  if (source === undefined || stageIndex < 0) throw new RangeError(`stage index ${stageIndex} out of range`);
  const stageId = sampler.stageIds[source] as number;
  const method = sampler.methods[source];
  if (method === "saa") {
    fillStandardNormals(sampler.stream, iteration, scenario, stageId, out, 0, sampler.dim, 0);
  } else {
    if (!Number.isInteger(iteration) || iteration < 0 || iteration >= 2 ** 32)
      throw new RangeError(`iteration must be an integer in [0, 2^32), got ${iteration}`);
    if (!Number.isInteger(scenario) || scenario < 0 || scenario >= 2 ** 32)
      throw new RangeError(`scenario must be an integer in [0, 2^32), got ${scenario}`);
    if (out.length < sampler.dim) throw new RangeError(`out holds ${out.length} < ${sampler.dim} entries`);
    const m = sampler.scenariosPerIteration;
    const round = Math.floor(scenario / m);
    const point = scenario - round * m;
    const cache = sampler.designs;
    const design = cache.get(sampler, iteration, round, source);
    if (design.method === "lhs") fillLhsPoint(cache.currentKey(), stageId, design.strata, m, point, out);
    else if (design.method === "qmc_sobol")
      fillSobolPoint(design.directions, design.scramble, point, out, 0, cache.bits);
    else fillHaltonPoint(design.design, point, out);
  }
  if (sampler.correlation !== undefined) applyCorrelation(sampler.correlation, source, out, sampler.scratch);
  return -1;
}
