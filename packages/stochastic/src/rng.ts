/**
 * Counter-based random numbers: Philox4x32-10 (Salmon et al., "Parallel random numbers:
 * as easy as 1, 2, 3", SC'11).
 *
 * Why counter-based: the noise of (iteration, scenario, stage, entity) must be the same
 * whichever worker draws it and in whatever order. Philox is a keyed bijection of a
 * 128-bit counter, so every draw is a pure function of (key, counter) — there is no
 * sequential state to share, split or fast-forward.
 *
 * Layout of one draw (one Philox block = four 32-bit words):
 * - key   = a 64-bit stream key derived from (seed, purpose) by {@link createStream};
 * - counter = [entityPair, stage, scenario, iteration], where `entityPair = entity >> 1`.
 * The four output words make two 53-bit uniforms u1, u2 in (0, 1), and one Box–Muller
 * step turns them into two independent standard normals:
 *   z0 = sqrt(−2 ln u1) · cos(2π u2)   → entity 2·entityPair
 *   z1 = sqrt(−2 ln u1) · sin(2π u2)   → entity 2·entityPair + 1
 * Box–Muller is exact (no approximation of the normal CDF); since u1 ≥ 2^−54 the largest
 * attainable |z| is about 8.6.
 *
 * Everything is 32-bit integer math (`Math.imul` and a 16-bit split for the high word of
 * the 32×32 product); no BigInt, no allocation in the fill loops.
 */

const PHILOX_M0 = 0xd2511f53;
const PHILOX_M1 = 0xcd9e8d57;
const PHILOX_W0 = 0x9e3779b9;
const PHILOX_W1 = 0xbb67ae85;
const TWO_POW_32 = 4294967296;
const TWO_POW_53 = 9007199254740992;
const TWO_PI = 2 * Math.PI;

/** Output of the last {@link philox4x32} call (module scratch: no allocation per draw). */
const block = new Uint32Array(4);

/** High 32 bits of the unsigned 64-bit product a·b (a, b unsigned 32-bit). */
function mulHi(a: number, b: number): number {
  const aLo = a & 0xffff;
  const aHi = a >>> 16;
  const bLo = b & 0xffff;
  const bHi = b >>> 16;
  const lh = aLo * bHi;
  const hl = aHi * bLo;
  // Every partial product is below 2^32, so doubles hold them exactly.
  const mid = ((aLo * bLo) >>> 16) + (lh & 0xffff) + (hl & 0xffff);
  return (aHi * bHi + (lh >>> 16) + (hl >>> 16) + Math.floor(mid / 65536)) >>> 0;
}

/**
 * One Philox4x32-10 block: encrypts the counter (c0..c3) under the key (k0, k1).
 * The result is written to the module scratch `block` and also returned (the same array,
 * overwritten by the next call — copy it if you keep it).
 */
export function philox4x32(c0: number, c1: number, c2: number, c3: number, k0: number, k1: number): Uint32Array {
  let x0 = c0 >>> 0;
  let x1 = c1 >>> 0;
  let x2 = c2 >>> 0;
  let x3 = c3 >>> 0;
  let key0 = k0 >>> 0;
  let key1 = k1 >>> 0;
  for (let round = 0; round < 10; round++) {
    if (round > 0) {
      key0 = (key0 + PHILOX_W0) >>> 0;
      key1 = (key1 + PHILOX_W1) >>> 0;
    }
    const hi0 = mulHi(PHILOX_M0, x0);
    const lo0 = Math.imul(PHILOX_M0, x0) >>> 0;
    const hi1 = mulHi(PHILOX_M1, x2);
    const lo1 = Math.imul(PHILOX_M1, x2) >>> 0;
    x0 = (hi1 ^ x1 ^ key0) >>> 0;
    x1 = lo1;
    x2 = (hi0 ^ x3 ^ key1) >>> 0;
    x3 = lo0;
  }
  block[0] = x0;
  block[1] = x1;
  block[2] = x2;
  block[3] = x3;
  return block;
}

/** Independent random streams used by Cobre-TS; each one gets its own Philox key. */
export const StreamPurpose = {
  /** Backward-pass opening tree noise. */
  Opening: 1,
  /** In-sample forward pass: which opening of the tree a forward scenario uses. */
  OpeningSelection: 2,
  /** Out-of-sample forward pass: fresh noise. */
  ForwardNoise: 3,
  /** Free for tests, benchmarks and synthetic history. */
  Synthetic: 4,
  /** Historical forward sampling: the permutation of the windows of a round. */
  HistoricalWindow: 5,
  /** LHS/QMC opening-tree designs (keyed by `training.tree_seed`); "SAMT". */
  SamplingTree: 0x53414d54,
  /** LHS/QMC forward-pass designs (keyed by `scenario_source.seed`); "SAMF". */
  SamplingForward: 0x53414d46,
} as const;

/** A stream: the 64-bit Philox key for one (seed, purpose) pair. Immutable, shareable. */
export interface NoiseStream {
  readonly key0: number;
  readonly key1: number;
  /** The base seed this stream was derived from (as given, made non-negative). */
  readonly seed: number;
  readonly purpose: number;
}

/**
 * Derives a stream key from a base seed and a purpose tag. The key is the first two
 * words of Philox(counter = [purpose, 0x5eed, 0, 0], key = seed split in 32-bit halves),
 * so streams of different purposes are unrelated even for adjacent seeds.
 *
 * @param seed base seed (`training.tree_seed`, default 42); the absolute value is used,
 *   as the Cobre book does for negative seeds. Must be an integer below 2^53 or a bigint
 *   (reduced modulo 2^64).
 * @param purpose a small integer tag, see {@link StreamPurpose}.
 */
export function createStream(seed: number | bigint, purpose: number): NoiseStream {
  let lo: number;
  let hi: number;
  let seedNumber: number;
  if (typeof seed === "bigint") {
    const s = (seed < 0n ? -seed : seed) & 0xffffffffffffffffn;
    lo = Number(s & 0xffffffffn);
    hi = Number(s >> 32n);
    seedNumber = Number(s);
  } else {
    if (!Number.isSafeInteger(seed)) {
      throw new RangeError(`seed must be a safe integer, got ${seed}`);
    }
    seedNumber = Math.abs(seed);
    lo = seedNumber % TWO_POW_32;
    hi = Math.floor(seedNumber / TWO_POW_32);
  }
  if (!Number.isInteger(purpose) || purpose < 0 || purpose >= TWO_POW_32) {
    throw new RangeError(`purpose must be a 32-bit unsigned integer, got ${purpose}`);
  }
  const out = philox4x32(purpose, 0x5eed, 0, 0, lo, hi);
  return { key0: out[0] ?? 0, key1: out[1] ?? 0, seed: seedNumber, purpose };
}

function checkCounter(name: string, value: number): void {
  if (!Number.isInteger(value) || value < 0 || value >= TWO_POW_32) {
    throw new RangeError(`${name} must be an integer in [0, 2^32), got ${value}`);
  }
}

/** Two 53-bit uniforms in the open interval (0, 1) from the current block. */
function uniformFromWords(a: number, b: number): number {
  return ((a >>> 5) * 67108864 + (b >>> 6) + 0.5) / TWO_POW_53;
}

/**
 * Writes standard normals for entities `[firstEntity, firstEntity + count)` of the draw
 * (iteration, scenario, stage) into `out[offset .. offset + count)`.
 *
 * The value of an entity never depends on `firstEntity`, `count` or call order, so any
 * slicing of the work across workers reproduces the same numbers.
 *
 * @param stream key from {@link createStream}
 * @param iteration training iteration (0 for draws that do not depend on it)
 * @param scenario forward scenario or opening index
 * @param stage stage id (non-negative; ids are stable under stage filtering)
 * @param out destination buffer (preallocated)
 * @param offset first index written in `out` (default 0)
 * @param count number of entities (default `out.length - offset`)
 * @param firstEntity entity index of `out[offset]` (default 0)
 */
export function fillStandardNormals(
  stream: NoiseStream,
  iteration: number,
  scenario: number,
  stage: number,
  out: Float64Array,
  offset = 0,
  count: number = out.length - offset,
  firstEntity = 0,
): void {
  checkCounter("iteration", iteration);
  checkCounter("scenario", scenario);
  checkCounter("stage", stage);
  if (offset < 0 || count < 0 || offset + count > out.length) {
    throw new RangeError(`range [${offset}, ${offset + count}) outside buffer of ${out.length}`);
  }
  const { key0, key1 } = stream;
  let entity = firstEntity;
  const end = firstEntity + count;
  let pos = offset;
  while (entity < end) {
    const pair = entity >>> 1;
    const w = philox4x32(pair, stage, scenario, iteration, key0, key1);
    const u1 = uniformFromWords(w[0] ?? 0, w[1] ?? 0);
    const u2 = uniformFromWords(w[2] ?? 0, w[3] ?? 0);
    const r = Math.sqrt(-2 * Math.log(u1));
    const theta = TWO_PI * u2;
    if ((entity & 1) === 0) {
      out[pos++] = r * Math.cos(theta);
      entity++;
      if (entity < end) {
        out[pos++] = r * Math.sin(theta);
        entity++;
      }
    } else {
      out[pos++] = r * Math.sin(theta);
      entity++;
    }
  }
}

/**
 * One standard normal for (iteration, scenario, stage, entity). Convenience for tests
 * and scalar use; loops should call {@link fillStandardNormals}.
 */
export function standardNormalAt(
  stream: NoiseStream,
  iteration: number,
  scenario: number,
  stage: number,
  entity: number,
): number {
  const one = scalarBuffer;
  fillStandardNormals(stream, iteration, scenario, stage, one, 0, 1, entity);
  return one[0] ?? Number.NaN;
}
const scalarBuffer = new Float64Array(1);

/**
 * A uniform in (0, 1) for (iteration, scenario, stage, index), 53-bit resolution.
 * Uses the same counter layout as the normals (index in the first counter word).
 */
export function uniformAt(stream: NoiseStream, iteration: number, scenario: number, stage: number, index = 0): number {
  checkCounter("iteration", iteration);
  checkCounter("scenario", scenario);
  checkCounter("stage", stage);
  checkCounter("index", index);
  const w = philox4x32(index, stage, scenario, iteration, stream.key0, stream.key1);
  return uniformFromWords(w[0] ?? 0, w[1] ?? 0);
}

/**
 * A uniform integer in [0, n) for (iteration, scenario, stage): `floor(u · n)` with a
 * 53-bit uniform u, whose bias is at most n / 2^53 (negligible for tree sizes).
 */
export function uniformIndexAt(
  stream: NoiseStream,
  iteration: number,
  scenario: number,
  stage: number,
  n: number,
): number {
  if (!Number.isInteger(n) || n <= 0) throw new RangeError(`n must be a positive integer, got ${n}`);
  const k = Math.floor(uniformAt(stream, iteration, scenario, stage, 0) * n);
  return k < n ? k : n - 1;
}
