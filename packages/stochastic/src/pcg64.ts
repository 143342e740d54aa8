/**
 * PCG64 (O'Neill's PCG XSL RR 128/64: a 128-bit LCG with an xorshift-low, random-rotation
 * output), seeded from a u64 the way Rust's rand_core `seed_from_u64` does: a PCG32 stream
 * started at the u64 fills the 32 seed bytes (state, then increment, little-endian), the
 * increment is forced odd, and the state is advanced once past the seed.
 *
 * Why this generator: together with the SipHash-1-3 seed derivation and the ziggurat
 * normal sampler it reproduces the opening trees of cobre-rs, so a case trained here and
 * there evaluates the same backward openings (and the reference suite's values, which were
 * computed from those draws, are reachable). 128-bit arithmetic uses BigInt; tree
 * generation draws a few numbers per (opening, stage, entity), far from the solve loop.
 */

const MASK32 = 0xffffffffn;
const MASK64 = 0xffffffffffffffffn;
const MASK128 = (1n << 128n) - 1n;
const PCG64_MULTIPLIER = 0x2360ed051fc65da44385df649fccf645n;
const PCG32_MULTIPLIER = 0x5851f42d4c957f2dn;
const PCG32_INCREMENT = 0xa17654e46fbe17f3n;

/** A PCG64 stream; `nextU64` returns successive unsigned 64-bit outputs as BigInts. */
export class Pcg64 {
  private state: bigint;
  private readonly increment: bigint;

  private constructor(state: bigint, increment: bigint) {
    this.increment = increment | 1n;
    this.state = (state + this.increment) & MASK128;
    this.step();
  }

  /** The stream rand_core's `SeedableRng::seed_from_u64(seed)` builds for Pcg64. */
  static fromU64(seed: bigint): Pcg64 {
    let s = seed & MASK64;
    const words: bigint[] = [];
    for (let i = 0; i < 8; i++) {
      s = (s * PCG32_MULTIPLIER + PCG32_INCREMENT) & MASK64;
      const xorshifted = (((s >> 18n) ^ s) >> 27n) & MASK32;
      const rot = s >> 59n;
      words.push(((xorshifted >> rot) | (xorshifted << ((32n - rot) & 31n))) & MASK32);
    }
    const u128 = (w: bigint[]): bigint =>
      (w[0] as bigint) | ((w[1] as bigint) << 32n) | ((w[2] as bigint) << 64n) | ((w[3] as bigint) << 96n);
    return new Pcg64(u128(words.slice(0, 4)), u128(words.slice(4, 8)));
  }

  private step(): void {
    this.state = (this.state * PCG64_MULTIPLIER + this.increment) & MASK128;
  }

  /** Next unsigned 64-bit output. */
  nextU64(): bigint {
    this.step();
    const rot = this.state >> 122n;
    const xsl = ((this.state >> 64n) ^ this.state) & MASK64;
    return ((xsl >> rot) | (xsl << ((64n - rot) & 63n))) & MASK64;
  }
}
