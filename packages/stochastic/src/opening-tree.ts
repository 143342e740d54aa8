/**
 * The opening tree: the fixed set of noise vectors the backward pass evaluates at every
 * stage (`num_scenarios` of stages.json = openings of that stage).
 *
 * Storage is one flat Float64Array, stage-major then opening then entity:
 *   value(stage, opening, entity) = data[stageOffsets[stage] + opening·dim + entity]
 * with `stageOffsets` of length nStages + 1 (the last entry is data.length), so stages may
 * have different opening counts.
 *
 * Generated trees are drawn the way cobre-rs draws them, so the same case and seed give the
 * same backward openings in both implementations (and the reference suite's expected
 * costs, computed from those draws, are reachable): opening o of the stage with id s gets
 * its own generator, PCG64 seeded with SipHash-1-3(seed as u64 LE ‖ o as u32 LE ‖ s as u32
 * LE), from which `dim` standard normals are drawn by the ziggurat method in noise-vector
 * order; then the stage's spatial correlation is applied. A stage in the same noise group
 * as the stage before it reuses that stage's (correlated) openings. Every opening is a pure
 * function of (seed, opening, stage id), so any worker can regenerate any part of the tree.
 * User-supplied trees (`scenarios/noise_openings.parquet`) are taken as-is: the book states
 * that correlation is not applied again to them.
 *
 * Per-stage `sampling_method` (`samplingMethods`, default "saa" everywhere):
 * - `saa`: the draws above (unchanged, bit-compatible with cobre-rs);
 * - `lhs`, `qmc_sobol`, `qmc_halton`: the stage's openings are the n points of one design of
 *   that method (sampling/lhs.ts, sobol.ts, halton.ts), keyed by the tree seed and the stage
 *   id, turned into normals by Φ⁻¹; then the stage's correlation, as for SAA. These are not
 *   cobre-rs's draws (it maps uniforms to normals with a 3e-9 approximation; here Φ⁻¹ is
 *   exact to ~1e-16, and the scrambles differ as documented in those files);
 * - `historical_residuals`: opening o uses historical window
 *   SipHash-1-3(seed, o, stage id) mod nWindows (as cobre-rs), its hydro residuals from
 *   `historicalNoise` and zeros elsewhere, without correlation; such a stage has
 *   min(openings, nWindows) openings;
 * - `selective`: an error (reserved by the book; no generator exists).
 * With noise groups the copied openings come first; only the openings beyond the previous
 * stage's count are taken from the stage's own design.
 */

import { type PreparedCorrelation, applyCorrelation } from "./correlation.js";
import { ok } from "@cobre/core";
import { type StochasticResult, fail } from "./errors.js";
import { Pcg64 } from "./pcg64.js";
import { sipHash13 } from "./siphash.js";
import { standardNormal } from "./ziggurat.js";
import { fillHaltonPoint, haltonDesign } from "./sampling/halton.js";
import { fillLhsPoint, lhsStrata } from "./sampling/lhs.js";
import { type SamplingMethod, isSamplingMethod, treeDesignKey, type DesignKey } from "./sampling/methods.js";
import { SOBOL_MAX_DIM, fillSobolPoints, sobolDirections, sobolScramble } from "./sampling/sobol.js";

/** Backward-pass noise for every stage; same type whether generated or user-supplied. */
export interface OpeningTree {
  readonly nStages: number;
  /** Entries per noise vector (hydros, then load buses, then NCS). */
  readonly dim: number;
  /** Openings of each stage. */
  readonly openings: Int32Array;
  /** Start of each stage in `data`; length nStages + 1. */
  readonly stageOffsets: Int32Array;
  readonly data: Float64Array;
  readonly source: "generated" | "user";
}

/** Inputs of {@link generateOpeningTree}. */
export interface GenerateOpeningTreeInput {
  /** Base seed (`training.tree_seed`, default 42). */
  readonly seed: number | bigint;
  /** Study stage ids in order (non-negative). */
  readonly stageIds: readonly number[];
  /** Openings per stage (`num_scenarios`), one number for all stages or one per stage. */
  readonly openingsPerStage: number | readonly number[];
  readonly dim: number;
  /** Spatial correlation to apply per stage (prepared for the same layout). */
  readonly correlation?: PreparedCorrelation;
  /**
   * Optional per-stage noise group: a stage whose group equals the previous stage's reuses
   * that stage's openings (the book's noise sharing for the weeks of one month,
   * `noise_group_id`); extra openings beyond the previous stage's count are drawn afresh.
   */
  readonly noiseGroupIds?: readonly number[];
  /** Per-stage `sampling_method` (default "saa" for every stage). */
  readonly samplingMethods?: readonly SamplingMethod[];
  /** Historical residuals for the stages whose method is "historical_residuals". */
  readonly historicalNoise?: HistoricalNoiseSource;
}

/**
 * Standardized historical residuals η (the PAR model inverted on `inflow_history.parquet`
 * for each valid window), supplied by the engine for `historical_residuals` stages.
 */
export interface HistoricalNoiseSource {
  /** Number of historical windows (years); such stages get at most this many openings. */
  readonly nWindows: number;
  /** Entries written per window: the hydro segment at the start of the noise vector (≤ dim). */
  readonly nHydros: number;
  /** Writes η of (window, stage index) for every hydro into `out[0 … nHydros)`. */
  fill(window: number, stageIndex: number, out: Float64Array): void;
}

function resolveOpenings(n: number, openingsPerStage: number | readonly number[]): StochasticResult<Int32Array> {
  const openings = new Int32Array(n);
  for (let s = 0; s < n; s++) {
    const k = typeof openingsPerStage === "number" ? openingsPerStage : openingsPerStage[s];
    if (k === undefined || !Number.isInteger(k) || k < 1) {
      return fail("InvalidOpeningTree", `stage ${s} needs a positive integer number of openings`, { stage: s });
    }
    openings[s] = k;
  }
  return ok(openings);
}

function offsetsOf(openings: Int32Array, dim: number): Int32Array {
  const offsets = new Int32Array(openings.length + 1);
  for (let s = 0; s < openings.length; s++) offsets[s + 1] = (offsets[s] as number) + (openings[s] as number) * dim;
  return offsets;
}

/** Generates the opening tree deterministically from the seed. */
export function generateOpeningTree(input: GenerateOpeningTreeInput): StochasticResult<OpeningTree> {
  const { stageIds, dim } = input;
  const nStages = stageIds.length;
  if (!Number.isInteger(dim) || dim < 0) return fail("InvalidInput", "dim must be a non-negative integer", { dim });
  if (input.correlation !== undefined && input.correlation.dim !== dim) {
    return fail("InvalidInput", "correlation was prepared for another noise dimension", {
      dim,
      correlationDim: input.correlation.dim,
    });
  }
  const openings = resolveOpenings(nStages, input.openingsPerStage);
  if (!openings.ok) return openings;
  const groups = input.noiseGroupIds;
  if (groups !== undefined && groups.length !== nStages)
    return fail("InvalidInput", "noiseGroupIds must have one entry per stage");
  for (const id of stageIds) {
    if (!Number.isInteger(id) || id < 0 || id >= 2 ** 32)
      return fail("InvalidInput", "stage ids must be non-negative 32-bit integers", { stageId: id });
  }
  const methods = resolveTreeMethods(input, openings.value);
  if (!methods.ok) return methods;
  const baseSeed = seedAsU64(input.seed);
  const stageOffsets = offsetsOf(openings.value, dim);
  const data = new Float64Array(stageOffsets[nStages] as number);
  const scratch = new Float64Array(Math.max(1, input.correlation?.maxGroupSize ?? 1));
  let designKey: DesignKey | undefined;
  for (let s = 0; s < nStages; s++) {
    const n = openings.value[s] as number;
    const base = stageOffsets[s] as number;
    const stageId = stageIds[s] as number;
    const method = methods.value[s] as SamplingMethod;
    let first = 0;
    if (s > 0 && groups !== undefined && groups[s] === groups[s - 1]) {
      first = Math.min(n, openings.value[s - 1] as number);
      const from = stageOffsets[s - 1] as number;
      data.copyWithin(base, from, from + first * dim);
    }
    if (first >= n) continue;
    if (method === "historical_residuals") {
      fillHistorical(input.historicalNoise as HistoricalNoiseSource, baseSeed, s, stageId, first, n, dim, data, base);
      continue;
    }
    if (method === "saa") {
      for (let o = first; o < n; o++) {
        const off = base + o * dim;
        const rng = Pcg64.fromU64(openingSeed(baseSeed, o, stageId));
        for (let e = 0; e < dim; e++) data[off + e] = standardNormal(rng);
      }
    } else {
      designKey ??= treeDesignKey(baseSeed);
      fillDesign(method, designKey, stageId, n, dim, first, data, base);
    }
    if (input.correlation !== undefined) {
      for (let o = first; o < n; o++) applyCorrelation(input.correlation, s, data, scratch, base + o * dim);
    }
  }
  return ok({ nStages, dim, openings: openings.value, stageOffsets, data, source: "generated" });
}

/**
 * Checks the per-stage methods and caps the openings of historical stages at the number of
 * windows (in place).
 */
function resolveTreeMethods(input: GenerateOpeningTreeInput, openings: Int32Array): StochasticResult<SamplingMethod[]> {
  const nStages = input.stageIds.length;
  const given = input.samplingMethods;
  if (given !== undefined && given.length !== nStages)
    return fail("InvalidInput", "samplingMethods must have one entry per stage", {
      stages: nStages,
      given: given.length,
    });
  const methods: SamplingMethod[] = [];
  for (let s = 0; s < nStages; s++) {
    const method: unknown = given?.[s] ?? "saa";
    const stageId = input.stageIds[s] as number;
    if (!isSamplingMethod(method)) {
      return fail("InvalidInput", `stage ${stageId}: unknown sampling_method "${String(method)}"`, {
        reason: "UnknownSamplingMethod",
        stageId,
        value: String(method),
      });
    }
    if (method === "selective") {
      return fail(
        "InvalidInput",
        `stage ${stageId}: sampling_method "selective" is reserved and has no opening-tree generator; supply the openings in scenarios/noise_openings.parquet instead`,
        { reason: "UnsupportedSamplingMethod", method, stageId },
      );
    }
    if (method === "qmc_sobol" && input.dim > SOBOL_MAX_DIM) {
      return fail(
        "InvalidInput",
        `stage ${stageId}: qmc_sobol supports at most ${SOBOL_MAX_DIM} noise dimensions, the case has ${input.dim}; use qmc_halton or lhs`,
        { reason: "DimensionExceedsCapacity", method, stageId, dim: input.dim, maxDim: SOBOL_MAX_DIM },
      );
    }
    if (method === "historical_residuals") {
      const h = input.historicalNoise;
      if (h === undefined) {
        return fail(
          "MissingData",
          `stage ${stageId}: sampling_method "historical_residuals" needs the historical residuals (inflow_history.parquet inverted through the PAR model)`,
          { reason: "HistoricalNoiseRequired", method, stageId },
        );
      }
      if (!Number.isInteger(h.nWindows) || h.nWindows < 1)
        return fail("InvalidInput", "historicalNoise.nWindows must be a positive integer", { nWindows: h.nWindows });
      if (!Number.isInteger(h.nHydros) || h.nHydros < 0 || h.nHydros > input.dim) {
        return fail("InvalidInput", "historicalNoise.nHydros must be an integer in [0, dim]", {
          nHydros: h.nHydros,
          dim: input.dim,
        });
      }
      openings[s] = Math.min(openings[s] as number, h.nWindows);
    }
    methods.push(method);
  }
  return ok(methods);
}

/** Openings `first … n−1` of a stage from its LHS / Sobol / Halton design (uncorrelated). */
function fillDesign(
  method: SamplingMethod,
  key: DesignKey,
  stageId: number,
  n: number,
  dim: number,
  first: number,
  data: Float64Array,
  base: number,
): void {
  if (dim === 0) return;
  if (method === "lhs") {
    const strata = lhsStrata(key, stageId, n, dim);
    for (let o = first; o < n; o++) fillLhsPoint(key, stageId, strata, n, o, data, base + o * dim);
  } else if (method === "qmc_sobol") {
    fillSobolPoints(sobolDirections(dim), sobolScramble(key, stageId, dim), first, n, data, base + first * dim);
  } else {
    const design = haltonDesign(key, stageId, n, dim);
    for (let o = first; o < n; o++) fillHaltonPoint(design, o, data, base + o * dim);
  }
}

/** Openings `first … n−1` of a historical stage: the hydro residuals of a window, zeros elsewhere. */
function fillHistorical(
  source: HistoricalNoiseSource,
  seed: bigint,
  stageIndex: number,
  stageId: number,
  first: number,
  n: number,
  dim: number,
  data: Float64Array,
  base: number,
): void {
  for (let o = first; o < n; o++) {
    const window = Number(openingSeed(seed, o, stageId) % BigInt(source.nWindows));
    const off = base + o * dim;
    data.fill(0, off, off + dim);
    source.fill(window, stageIndex, data.subarray(off, off + source.nHydros));
  }
}

/** The seed as the unsigned 64-bit value the generators use (negative seeds by magnitude). */
function seedAsU64(seed: number | bigint): bigint {
  const big = typeof seed === "bigint" ? seed : BigInt(seed);
  return (big < 0n ? -big : big) & 0xffffffffffffffffn;
}

/** Seed of the generator of one opening: SipHash-1-3 of (seed u64, opening u32, stage id u32), little-endian. */
export function openingSeed(seed: bigint, opening: number, stageId: number): bigint {
  const bytes = new Uint8Array(16);
  const view = new DataView(bytes.buffer);
  view.setBigUint64(0, seed, true);
  view.setUint32(8, opening, true);
  view.setUint32(12, stageId, true);
  return sipHash13(bytes);
}

/** Columns of `noise_openings.parquet` (stage_id is the 0-based stage index). */
export interface OpeningTreeColumns {
  readonly stageIndex: ArrayLike<number>;
  readonly openingIndex: ArrayLike<number>;
  readonly entityIndex: ArrayLike<number>;
  readonly value: ArrayLike<number>;
}

/**
 * Builds an opening tree from user-supplied values, validating what the book requires:
 * the expected stage count, entity dimension, and every (stage, opening, entity) present
 * exactly once (no partial-stage override).
 *
 * @param openingsPerStage expected openings (from stages.json), one number or per stage
 */
export function openingTreeFromValues(
  columns: OpeningTreeColumns,
  nStages: number,
  openingsPerStage: number | readonly number[],
  dim: number,
): StochasticResult<OpeningTree> {
  const openings = resolveOpenings(nStages, openingsPerStage);
  if (!openings.ok) return openings;
  const n = columns.value.length;
  if (columns.stageIndex.length !== n || columns.openingIndex.length !== n || columns.entityIndex.length !== n) {
    return fail("InvalidOpeningTree", "opening tree columns have different lengths");
  }
  const stageOffsets = offsetsOf(openings.value, dim);
  const total = stageOffsets[nStages] as number;
  if (n !== total) {
    return fail("InvalidOpeningTree", `expected ${total} rows (stages × openings × entities), got ${n}`, {
      expected: total,
      rows: n,
    });
  }
  const data = new Float64Array(total);
  const seen = new Uint8Array(total);
  for (let r = 0; r < n; r++) {
    const s = columns.stageIndex[r] as number;
    const o = columns.openingIndex[r] as number;
    const e = columns.entityIndex[r] as number;
    if (!Number.isInteger(s) || s < 0 || s >= nStages)
      return fail("InvalidOpeningTree", `stage index ${s} out of range`, { row: r });
    if (!Number.isInteger(o) || o < 0 || o >= (openings.value[s] as number)) {
      return fail("InvalidOpeningTree", `opening index ${o} out of range for stage ${s}`, { row: r });
    }
    if (!Number.isInteger(e) || e < 0 || e >= dim)
      return fail("InvalidOpeningTree", `entity index ${e} out of range`, { row: r });
    const v = columns.value[r] as number;
    if (!Number.isFinite(v)) return fail("InvalidOpeningTree", "noise values must be finite", { row: r });
    const at = (stageOffsets[s] as number) + o * dim + e;
    if (seen[at] === 1)
      return fail("InvalidOpeningTree", `duplicate (stage ${s}, opening ${o}, entity ${e})`, { row: r });
    seen[at] = 1;
    data[at] = v;
  }
  return ok({ nStages, dim, openings: openings.value, stageOffsets, data, source: "user" });
}

/** The noise vector of (stage, opening): a zero-copy view into the tree. */
export function openingNoise(tree: OpeningTree, stageIndex: number, opening: number): Float64Array {
  if (stageIndex < 0 || stageIndex >= tree.nStages || opening < 0 || opening >= (tree.openings[stageIndex] as number)) {
    throw new RangeError(`no opening ${opening} at stage ${stageIndex}`);
  }
  const start = (tree.stageOffsets[stageIndex] as number) + opening * tree.dim;
  return tree.data.subarray(start, start + tree.dim);
}
