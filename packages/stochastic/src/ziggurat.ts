/**
 * Standard normal draws by the ziggurat method (Marsaglia & Tsang 2000, in Doornik's 2005
 * ZIGNOR form with 256 layers), consuming 64-bit words exactly as Rust's rand_distr
 * `StandardNormal` does: one word gives the layer (low 8 bits) and a signed uniform (top 52
 * bits); rejections draw further words. Matching that consumption is what lets the opening
 * tree reproduce cobre-rs's draws (see pcg64.ts).
 */

import { ZIGGURAT_NORMAL_F, ZIGGURAT_NORMAL_R, ZIGGURAT_NORMAL_X } from "./ziggurat-tables.js";

/** Anything producing unsigned 64-bit words. */
export interface U64Source {
  nextU64(): bigint;
}

const TWO_POW_M51 = 2 ** -51;
const TWO_POW_M52 = 2 ** -52;
const TWO_POW_M53 = 2 ** -53;

/** Uniform in [0, 1) from the top 53 bits of a word (rand's `StandardUniform` for f64). */
function uniformHalfOpen(rng: U64Source): number {
  return Number(rng.nextU64() >> 11n) * TWO_POW_M53;
}

/** Uniform in (0, 1) from the top 52 bits, centred in its cell (rand's `Open01`). */
function uniformOpen(rng: U64Source): number {
  return (Number(rng.nextU64() >> 12n) + 0.5) * TWO_POW_M52;
}

/** One standard normal draw. */
export function standardNormal(rng: U64Source): number {
  for (;;) {
    const bits = rng.nextU64();
    const layer = Number(bits & 0xffn);
    // Top 52 bits as a uniform on [-1, 1): exact, since every value is a multiple of 2^-51.
    const u = Number(bits >> 12n) * TWO_POW_M51 - 1;
    const xLayer = ZIGGURAT_NORMAL_X[layer] as number;
    const xNext = ZIGGURAT_NORMAL_X[layer + 1] as number;
    const x = u * xLayer;
    if (Math.abs(x) < xNext) return x;
    if (layer === 0) return tail(rng, u);
    const fLayer = ZIGGURAT_NORMAL_F[layer] as number;
    const fNext = ZIGGURAT_NORMAL_F[layer + 1] as number;
    if (fNext + (fLayer - fNext) * uniformHalfOpen(rng) < Math.exp((-x * x) / 2)) return x;
  }
}

/** Marsaglia's tail sampler beyond R, on the side given by the sign of u. */
function tail(rng: U64Source, u: number): number {
  let x = 1;
  let y = 0;
  while (-2 * y < x * x) {
    x = Math.log(uniformOpen(rng)) / ZIGGURAT_NORMAL_R;
    y = Math.log(uniformOpen(rng));
  }
  return u < 0 ? x - ZIGGURAT_NORMAL_R : ZIGGURAT_NORMAL_R - x;
}
