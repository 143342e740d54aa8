/**
 * Scrambled Sobol points (the book's `qmc_sobol`).
 *
 * Directions: dimension 1 is the van der Corput sequence; dimensions 2 … 21,201 use the
 * Joe–Kuo new-joe-kuo-6.21201 direction numbers (generated/sobol-directions.ts): with the
 * primitive polynomial x^s + a_1 x^(s−1) + … + a_(s−1) x + 1 and initial odd m_1 … m_s, the
 * 32-bit directions are V_j = m_j·2^(32−j) for j ≤ s and, beyond,
 *   V_j = V_(j−s) ⊕ (V_(j−s) ≫ s) ⊕ a_1·V_(j−1) ⊕ … ⊕ a_(s−1)·V_(j−s+1)
 * (Bratley & Fox 1988; Joe & Kuo 2008). Point i is the XOR of the V_j over the set bits j of
 * its Gray code i ⊕ (i ≫ 1) (Antonov & Saleev), so consecutive points differ by one XOR and the
 * unscrambled sequence is the usual one: 0, ½, ¾, ¼, ⅜, … in dimension 1.
 *
 * Scrambling: the book's Matoušek linear scrambling x′ = a·x + b (mod 2³²), a odd, with (a, b)
 * per dimension from the design key — applied to the coordinate's bits in reverse order
 * (least significant digit first), x′ = rev(a·rev(x) + b). Read that way every output bit
 * depends only on the same and more significant input bits and is a bijection of its own
 * bit, which makes the map a nested (Owen-type) digit scramble: each 1-D projection of the
 * first 2^m points keeps one point per dyadic interval [k/2^m, (k+1)/2^m), every (t, m, s)-net
 * of the construction stays one, and the points are also randomised inside their cells. (On
 * the bits in natural order the map would keep only the 1-D strata.)
 *
 * Uniform: (x′ + ½)/2³², never 0 or 1; η = Φ⁻¹ of it.
 */

import { SOBOL_TABLE_BASE64, SOBOL_TABLE_MAX_DIM } from "./generated/sobol-directions.js";
import { type DesignKey, DrawTag } from "./methods.js";
import { normalQuantile } from "./normal-quantile.js";
import { philox4x32 } from "../rng.js";

/** Highest dimension QMC-Sobol supports (the size of the Joe–Kuo table). */
export const SOBOL_MAX_DIM: number = SOBOL_TABLE_MAX_DIM;

/** Bits per coordinate (so at most 2³² points per design). */
const SOBOL_BITS = 32;

const B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

function decodeBase64(lines: readonly string[]): Uint8Array {
  const text = lines.join("");
  const table = new Int16Array(128).fill(-1);
  for (let i = 0; i < 64; i++) table[B64.charCodeAt(i)] = i;
  let len = text.length;
  while (len > 0 && text.charCodeAt(len - 1) === 61 /* = */) len--;
  const out = new Uint8Array(Math.floor((len * 6) / 8));
  let acc = 0;
  let bits = 0;
  let at = 0;
  for (let i = 0; i < len; i++) {
    const v = table[text.charCodeAt(i)] as number;
    if (v < 0) throw new Error("corrupt Sobol direction table");
    acc = (acc << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[at++] = (acc >>> bits) & 0xff;
    }
  }
  return out;
}

/** Joe–Kuo entry of one dimension ≥ 2. */
export interface SobolTableEntry {
  /** Degree s of the primitive polynomial. */
  readonly degree: number;
  /** Its inner coefficients a_1 … a_(s−1) as bits (a_1 most significant). */
  readonly a: number;
  /** Initial direction numbers m_1 … m_s. */
  readonly m: readonly number[];
}

let decoded: SobolTableEntry[] | undefined;

/** The Joe–Kuo entries of dimensions 2 … {@link SOBOL_MAX_DIM} (index 0 is dimension 2). */
export function sobolTable(): readonly SobolTableEntry[] {
  if (decoded !== undefined) return decoded;
  const bytes = decodeBase64(SOBOL_TABLE_BASE64);
  let pos = 0;
  const read = (bits: number): number => {
    let v = 0;
    for (let i = 0; i < bits; i++, pos++) v |= (((bytes[pos >>> 3] as number) >>> (pos & 7)) & 1) << i;
    return v;
  };
  const entries: SobolTableEntry[] = [];
  for (let d = 2; d <= SOBOL_TABLE_MAX_DIM; d++) {
    const degree = read(5);
    const a = read(degree - 1);
    const m: number[] = [];
    for (let i = 1; i <= degree; i++) m.push(2 * read(i - 1) + 1);
    entries.push({ degree, a, m });
  }
  decoded = entries;
  return entries;
}

let directionCache = new Uint32Array(0);

/**
 * Direction numbers of dimensions 1 … dim: `v[e·32 + j]` is V_(j+1) of dimension e + 1, a
 * 32-bit integer whose most significant bit stands for ½. Throws RangeError above
 * {@link SOBOL_MAX_DIM} (callers check and return a typed error first).
 */
export function sobolDirections(dim: number): Uint32Array {
  if (!Number.isInteger(dim) || dim < 0 || dim > SOBOL_MAX_DIM) {
    throw new RangeError(`Sobol dimension must be an integer in [0, ${SOBOL_MAX_DIM}], got ${dim}`);
  }
  const have = directionCache.length / SOBOL_BITS;
  if (have >= dim) return directionCache.subarray(0, dim * SOBOL_BITS);
  const v = new Uint32Array(dim * SOBOL_BITS);
  v.set(directionCache);
  const table = dim > 1 ? sobolTable() : [];
  for (let e = have; e < dim; e++) {
    const base = e * SOBOL_BITS;
    if (e === 0) {
      for (let j = 0; j < SOBOL_BITS; j++) v[base + j] = 2 ** (SOBOL_BITS - 1 - j);
      continue;
    }
    const { degree: s, a, m } = table[e - 1] as SobolTableEntry;
    for (let j = 0; j < Math.min(s, SOBOL_BITS); j++)
      v[base + j] = ((m[j] as number) * 2 ** (SOBOL_BITS - 1 - j)) >>> 0;
    for (let j = s; j < SOBOL_BITS; j++) {
      const back = v[base + j - s] as number;
      let x = back ^ (back >>> s);
      for (let k = 1; k < s; k++) if (((a >>> (s - 1 - k)) & 1) === 1) x ^= v[base + j - k] as number;
      v[base + j] = x >>> 0;
    }
  }
  directionCache = v;
  return v.subarray(0, dim * SOBOL_BITS);
}

/** Unscrambled 32-bit coordinates of point `index` (Gray-code order) into `out[0 … dim)`. */
export function sobolPointBits(directions: Uint32Array, index: number, out: Uint32Array | number[]): void {
  const dim = directions.length / SOBOL_BITS;
  const gray = (index ^ (index >>> 1)) >>> 0;
  for (let e = 0; e < dim; e++) {
    let x = 0;
    let g = gray;
    for (let j = 0; g !== 0; j++, g >>>= 1) if ((g & 1) === 1) x ^= directions[e * SOBOL_BITS + j] as number;
    out[e] = x >>> 0;
  }
}

/** Reverses the 32 bits of x. */
export function reverseBits32(x: number): number {
  let v = x >>> 0;
  v = ((v >>> 1) & 0x55555555) | ((v & 0x55555555) << 1);
  v = ((v >>> 2) & 0x33333333) | ((v & 0x33333333) << 2);
  v = ((v >>> 4) & 0x0f0f0f0f) | ((v & 0x0f0f0f0f) << 4);
  v = ((v >>> 8) & 0x00ff00ff) | ((v & 0x00ff00ff) << 8);
  return ((v >>> 16) | (v << 16)) >>> 0;
}

/** Scramble of each dimension: `[a_0, b_0, a_1, b_1, …]` with every a odd. */
export function sobolScramble(key: DesignKey, stageKey: number, dim: number): Uint32Array {
  const ab = new Uint32Array(2 * dim);
  for (let e = 0; e < dim; e++) {
    const w = philox4x32(e, stageKey, 0, DrawTag.SobolScramble, key.key0, key.key1);
    ab[2 * e] = ((w[0] as number) | 1) >>> 0;
    ab[2 * e + 1] = w[1] as number;
  }
  return ab;
}

/** x′ = rev(a·rev(x) + b) mod 2³². */
export function scrambleSobolBits(x: number, a: number, b: number): number {
  return reverseBits32((Math.imul(a, reverseBits32(x)) + b) >>> 0);
}

const TWO_POW_32 = 4294967296;

/** Normal score of a scrambled coordinate: Φ⁻¹((x′ + ½)/2³²). */
function sobolBitsToNormal(x: number): number {
  return normalQuantile((x + 0.5) / TWO_POW_32);
}

/**
 * Writes the normal scores of points `from … to−1` of a scrambled design into
 * `out[offset + (p − from)·dim + e]`, stepping by the Gray-code recurrence (one XOR per
 * dimension and point). `state` (length ≥ dim) is scratch.
 */
export function fillSobolPoints(
  directions: Uint32Array,
  scramble: Uint32Array,
  from: number,
  to: number,
  out: Float64Array,
  offset = 0,
  state: Uint32Array = new Uint32Array(directions.length / SOBOL_BITS),
): void {
  const dim = directions.length / SOBOL_BITS;
  if (to <= from || dim === 0) return;
  sobolPointBits(directions, from, state);
  for (let p = from; p < to; p++) {
    if (p > from) {
      // Gray code of p differs from that of p − 1 in the lowest set bit of p.
      const c = 31 - Math.clz32(p & -p);
      for (let e = 0; e < dim; e++)
        state[e] = ((state[e] as number) ^ (directions[e * SOBOL_BITS + c] as number)) >>> 0;
    }
    const at = offset + (p - from) * dim;
    for (let e = 0; e < dim; e++) {
      out[at + e] = sobolBitsToNormal(
        scrambleSobolBits(state[e] as number, scramble[2 * e] as number, scramble[2 * e + 1] as number),
      );
    }
  }
}

/** Writes the normal scores of one point of a scrambled design into `out[offset …]`. */
export function fillSobolPoint(
  directions: Uint32Array,
  scramble: Uint32Array,
  index: number,
  out: Float64Array,
  offset = 0,
  state?: Uint32Array,
): void {
  fillSobolPoints(directions, scramble, index, index + 1, out, offset, state);
}
