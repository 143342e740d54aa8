/**
 * SipHash-1-3 (Aumasson & Bernstein; one compression round, three finalisation rounds)
 * with the all-zero key, over a byte string. Used to derive per-opening seeds the same way
 * cobre-rs does, so generated opening trees match it bit for bit (see opening-tree.ts).
 * 64-bit lanes are BigInts: this runs once per (opening, stage), never per draw.
 */

const MASK64 = 0xffffffffffffffffn;

function rotl(x: bigint, b: bigint): bigint {
  return ((x << b) | (x >> (64n - b))) & MASK64;
}

/** SipHash-1-3 of `message` under the key (k0, k1) (both 0 by default); an unsigned 64-bit value. */
export function sipHash13(message: Uint8Array, k0 = 0n, k1 = 0n): bigint {
  let v0 = k0 ^ 0x736f6d6570736575n;
  let v1 = k1 ^ 0x646f72616e646f6dn;
  let v2 = k0 ^ 0x6c7967656e657261n;
  let v3 = k1 ^ 0x7465646279746573n;
  const round = (): void => {
    v0 = (v0 + v1) & MASK64;
    v1 = rotl(v1, 13n) ^ v0;
    v0 = rotl(v0, 32n);
    v2 = (v2 + v3) & MASK64;
    v3 = rotl(v3, 16n) ^ v2;
    v0 = (v0 + v3) & MASK64;
    v3 = rotl(v3, 21n) ^ v0;
    v2 = (v2 + v1) & MASK64;
    v1 = rotl(v1, 17n) ^ v2;
    v2 = rotl(v2, 32n);
  };
  const view = new DataView(message.buffer, message.byteOffset, message.byteLength);
  const full = message.byteLength - (message.byteLength % 8);
  for (let at = 0; at < full; at += 8) {
    const m = view.getBigUint64(at, true);
    v3 ^= m;
    round();
    v0 ^= m;
  }
  // Last block: the remaining bytes little-endian, message length (mod 256) in the top byte.
  let last = BigInt(message.byteLength & 0xff) << 56n;
  for (let i = full; i < message.byteLength; i++) last |= BigInt(message[i] as number) << BigInt(8 * (i - full));
  v3 ^= last;
  round();
  v0 ^= last;
  v2 ^= 0xffn;
  round();
  round();
  round();
  return v0 ^ v1 ^ v2 ^ v3;
}
