/**
 * The standard normal quantile Φ⁻¹ and distribution function Φ, for turning the uniforms of
 * the stratified and quasi-Monte Carlo noise methods into N(0, 1) noise.
 *
 * Φ⁻¹ is Wichura's algorithm AS 241 (PPND16: "The percentage points of the normal
 * distribution", Applied Statistics 37 (1988) 477–484): rational approximations of degree 7
 * in three regions, relative error about 1e-16 over the whole open interval (0, 1).
 *
 * Φ uses the Taylor series Φ(x) = ½ + φ(x)·(x + x³/3 + x⁵/(3·5) + …) for |x| < 1.5 (Marsaglia,
 * "Evaluating the normal distribution", J. Stat. Software 11 (2004)) and Laplace's continued
 * fraction for the Mills ratio beyond, 1 − Φ(x) = φ(x) / (x + 1/(x + 2/(x + 3/(x + …)))),
 * about 1e-15 relative. It is here to check the methods (map noise back to strata), not in
 * any hot path.
 */

const SPLIT1 = 0.425;
const SPLIT2 = 5;
const CONST1 = 0.180625;
const CONST2 = 1.6;

// Coefficients of AS 241 (PPND16), each the double nearest to the published 20-digit value.
// Central region |p − ½| ≤ 0.425: Φ⁻¹ = q·A(r)/B(r), r = 0.180625 − q².
const A0 = 3.3871328727963665;
const A1 = 133.14166789178438;
const A2 = 1971.5909503065513;
const A3 = 13731.69376550946;
const A4 = 45921.95393154987;
const A5 = 67265.7709270087;
const A6 = 33430.57558358813;
const A7 = 2509.0809287301227;
const B1 = 42.31333070160091;
const B2 = 687.1870074920579;
const B3 = 5394.196021424751;
const B4 = 21213.794301586597;
const B5 = 39307.89580009271;
const B6 = 28729.085735721943;
const B7 = 5226.495278852854;

// Intermediate tail r = sqrt(−ln min(p, 1 − p)) ≤ 5: C(r − 1.6)/D(r − 1.6).
const C0 = 1.4234371107496835;
const C1 = 4.630337846156546;
const C2 = 5.769497221460691;
const C3 = 3.6478483247632045;
const C4 = 1.2704582524523684;
const C5 = 0.2417807251774506;
const C6 = 0.022723844989269184;
const C7 = 0.0007745450142783414;
const D1 = 2.053191626637759;
const D2 = 1.6763848301838038;
const D3 = 0.6897673349851;
const D4 = 0.14810397642748008;
const D5 = 0.015198666563616457;
const D6 = 0.0005475938084995345;
const D7 = 1.0507500716444169e-9;

// Far tail r > 5: E(r − 5)/F(r − 5).
const E0 = 6.657904643501103;
const E1 = 5.463784911164114;
const E2 = 1.7848265399172913;
const E3 = 0.29656057182850487;
const E4 = 0.026532189526576124;
const E5 = 0.0012426609473880784;
const E6 = 2.7115555687434876e-5;
const E7 = 2.0103343992922881e-7;
const F1 = 0.599832206555888;
const F2 = 0.1369298809227358;
const F3 = 0.014875361290850615;
const F4 = 0.0007868691311456133;
const F5 = 1.8463183175100548e-5;
const F6 = 1.421511758316446e-7;
const F7 = 2.0442631033899397e-15;

/**
 * Φ⁻¹(p): the x with P(Z ≤ x) = p for a standard normal Z. Returns −∞ at 0, +∞ at 1 and NaN
 * outside [0, 1].
 */
export function normalQuantile(p: number): number {
  if (!(p >= 0 && p <= 1)) return Number.NaN;
  if (p === 0) return Number.NEGATIVE_INFINITY;
  if (p === 1) return Number.POSITIVE_INFINITY;
  const q = p - 0.5;
  if (Math.abs(q) <= SPLIT1) {
    const r = CONST1 - q * q;
    return (
      (q * (((((((A7 * r + A6) * r + A5) * r + A4) * r + A3) * r + A2) * r + A1) * r + A0)) /
      (((((((B7 * r + B6) * r + B5) * r + B4) * r + B3) * r + B2) * r + B1) * r + 1)
    );
  }
  let r = Math.sqrt(-Math.log(q < 0 ? p : 1 - p));
  let x: number;
  if (r <= SPLIT2) {
    r -= CONST2;
    x =
      (((((((C7 * r + C6) * r + C5) * r + C4) * r + C3) * r + C2) * r + C1) * r + C0) /
      (((((((D7 * r + D6) * r + D5) * r + D4) * r + D3) * r + D2) * r + D1) * r + 1);
  } else {
    r -= SPLIT2;
    x =
      (((((((E7 * r + E6) * r + E5) * r + E4) * r + E3) * r + E2) * r + E1) * r + E0) /
      (((((((F7 * r + F6) * r + F5) * r + F4) * r + F3) * r + F2) * r + F1) * r + 1);
  }
  return q < 0 ? -x : x;
}

const INV_SQRT_2PI = 0.3989422804014327;

/** φ(x) with exp(−x²/2) split as exp(−s²/2)·exp(−(x−s)(x+s)/2), s = x to 1/16, so x² is not rounded. */
function density(x: number): number {
  const s = Math.round(x * 16) / 16;
  return INV_SQRT_2PI * Math.exp(-0.5 * s * s) * Math.exp(-0.5 * (x - s) * (x + s));
}

/** Φ(x) = P(Z ≤ x) for a standard normal Z. */
export function normalCdf(x: number): number {
  if (Number.isNaN(x)) return Number.NaN;
  const ax = Math.abs(x);
  if (ax < 1.5) {
    // ½ + φ(x)·Σ x^(2k+1)/(1·3·…·(2k+1)); all terms share the sign of x.
    let term = x;
    let sum = x;
    const x2 = x * x;
    for (let k = 3; sum + term !== sum; k += 2) {
      term *= x2 / k;
      sum += term;
    }
    return 0.5 + sum * density(x);
  }
  if (ax > 40) return x > 0 ? 1 : 0;
  // Upper tail Q(|x|) by the continued fraction, evaluated from the back (200 terms reach
  // full precision from |x| = 1.5 on).
  let f = ax;
  for (let k = 200; k >= 1; k--) f = ax + k / f;
  const tail = density(ax) / f;
  return x > 0 ? 1 - tail : tail;
}

/** Smallest and largest uniform fed to Φ⁻¹ (so |η| ≤ Φ⁻¹(1 − 2⁻⁵³) ≈ 8.21). */
const UNIFORM_FLOOR = 2 ** -53;
const UNIFORM_CEIL = 1 - 2 ** -53;

/**
 * The normal score of a uniform: Φ⁻¹(u) with u clamped into [2⁻⁵³, 1 − 2⁻⁵³], so the noise
 * of the stratified / quasi-random methods is always finite and symmetric in its extremes.
 */
export function uniformToNormal(u: number): number {
  return normalQuantile(Math.min(Math.max(u, UNIFORM_FLOOR), UNIFORM_CEIL));
}
