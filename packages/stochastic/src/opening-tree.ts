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
 */

import { type PreparedCorrelation, applyCorrelation } from "./correlation.js";
import { type Result, fail, ok } from "./errors.js";
import { Pcg64 } from "./pcg64.js";
import { sipHash13 } from "./siphash.js";
import { standardNormal } from "./ziggurat.js";

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
}

function resolveOpenings(n: number, openingsPerStage: number | readonly number[]): Result<Int32Array> {
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
export function generateOpeningTree(input: GenerateOpeningTreeInput): Result<OpeningTree> {
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
  const baseSeed = seedAsU64(input.seed);
  const stageOffsets = offsetsOf(openings.value, dim);
  const data = new Float64Array(stageOffsets[nStages] as number);
  const scratch = new Float64Array(Math.max(1, input.correlation?.maxGroupSize ?? 1));
  for (let s = 0; s < nStages; s++) {
    const n = openings.value[s] as number;
    const base = stageOffsets[s] as number;
    let first = 0;
    if (s > 0 && groups !== undefined && groups[s] === groups[s - 1]) {
      first = Math.min(n, openings.value[s - 1] as number);
      const from = stageOffsets[s - 1] as number;
      data.copyWithin(base, from, from + first * dim);
    }
    for (let o = first; o < n; o++) {
      const off = base + o * dim;
      const rng = Pcg64.fromU64(openingSeed(baseSeed, o, stageIds[s] as number));
      for (let e = 0; e < dim; e++) data[off + e] = standardNormal(rng);
      if (input.correlation !== undefined) applyCorrelation(input.correlation, s, data, scratch, off);
    }
  }
  return ok({ nStages, dim, openings: openings.value, stageOffsets, data, source: "generated" });
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
): Result<OpeningTree> {
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
