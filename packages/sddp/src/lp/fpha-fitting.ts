/**
 * FPHA hyperplanes fitted from geometry (`fpha_config.source = "computed"`).
 *
 * Production function (book, hydro guide): φ(v, q, s) = 9.81·10⁻³ · η · q · h_net with
 * h_net = h_fore(v) − h_tail(q + s) − losses (a fraction of the gross head, or a constant
 * in metres), h_fore interpolated on `hydro_geometry.parquet`. We take tangent planes of
 * φ on a uniform (v, q, s) grid (q from max(1, 1 % of q_max) to q_max, s from 0 to half
 * of q_max). φ is not concave (q · h(v) is bilinear), so each plane's intercept is raised
 * until it lies on or above φ at every grid point: the minimum of such planes is an
 * outer approximation, as the book's envelope is. Up to `max_planes_per_hydro` planes are
 * kept greedily (each new one most reduces the worst overestimate on the grid), and κ is
 * the factor in (0, 1] on the intercepts that makes the envelope tightest while it stays
 * ≥ φ on the grid (the book's "tightest valid" correction).
 */
import type { FphaConfig, FphaHyperplane, Hydro, HydroGeometryPoint } from "@cobre/core";

const G_RHO_MW = 9.81e-3;
const DEFAULT_POINTS = 5;
const DEFAULT_MAX_PLANES = 10;

interface Plane {
  readonly g0: number;
  readonly gv: number;
  readonly gq: number;
  readonly gs: number;
}

export function fitFphaPlanes(
  hydro: Hydro,
  geometry: readonly HydroGeometryPoint[],
  config: FphaConfig,
  stageId: number | null,
): FphaHyperplane[] {
  const points = geometry.filter((p) => p.hydroId === hydro.id).sort((a, b) => a.volumeHm3 - b.volumeHm3);
  if (points.length < 2) return [];
  const phi = productionFunction(hydro, points);
  const vLo = Math.max(points[0]!.volumeHm3, windowBound(config, hydro, "min") ?? hydro.minStorageHm3);
  const vHi = Math.min(points[points.length - 1]!.volumeHm3, windowBound(config, hydro, "max") ?? hydro.maxStorageHm3);
  const qMax = hydro.generation.maxTurbinedM3s;
  const vs = grid(vLo, vHi, config.volumeDiscretizationPoints ?? DEFAULT_POINTS);
  const qs = grid(Math.max(1, qMax * 0.01), qMax, config.turbineDiscretizationPoints ?? DEFAULT_POINTS);
  const ss = grid(0, qMax * 0.5, config.spillageDiscretizationPoints ?? DEFAULT_POINTS);
  const samples: [number, number, number, number][] = [];
  for (const v of vs) for (const q of qs) for (const s of ss) samples.push([v, q, s, phi(v, q, s)]);
  const candidates: Plane[] = [];
  for (const [v, q, s, value] of samples) {
    if (value <= 0) continue;
    const h = 1e-4 * Math.max(1, Math.abs(v));
    const hq = 1e-4 * Math.max(1, q);
    const gv = (phi(v + h, q, s) - phi(v - h, q, s)) / (2 * h);
    const gq = (phi(v, q + hq, s) - phi(v, q - hq, s)) / (2 * hq);
    const gs = (phi(v, q, s + hq) - phi(v, q, Math.max(0, s - hq))) / (s >= hq ? 2 * hq : hq);
    const plane = { g0: value - gv * v - gq * q - gs * s, gv: Math.max(0, gv), gq, gs: Math.min(0, gs) };
    // Raise the plane until it over-approximates φ on the whole grid.
    let lift = 0;
    for (const [v2, q2, s2, value2] of samples) lift = Math.max(lift, value2 - evalPlane(plane, v2, q2, s2));
    candidates.push({ ...plane, g0: plane.g0 + lift });
  }
  if (candidates.length === 0) return [];
  const chosen = selectPlanes(candidates, samples, config.maxPlanesPerHydro ?? DEFAULT_MAX_PLANES);
  const kappa = kappaFor(chosen, samples);
  return chosen.map((p, i) => ({
    hydroId: hydro.id,
    stageId,
    planeId: i,
    gamma0: p.g0,
    gammaV: p.gv,
    gammaQ: p.gq,
    gammaS: p.gs,
    kappa,
    validVMinHm3: vLo,
    validVMaxHm3: vHi,
    validQMaxM3s: qMax,
  }));
}

function evalPlane(p: Plane, v: number, q: number, s: number, kappa = 1): number {
  return kappa * p.g0 + p.gv * v + p.gq * q + p.gs * s;
}

function envelope(planes: readonly Plane[], v: number, q: number, s: number, kappa = 1): number {
  let m = Number.POSITIVE_INFINITY;
  for (const p of planes) m = Math.min(m, evalPlane(p, v, q, s, kappa));
  return m;
}

/** Greedy: start from the plane with the smallest worst overestimate, add the one that lowers it most. */
function selectPlanes(candidates: readonly Plane[], samples: readonly number[][], maxPlanes: number): Plane[] {
  const worstGap = (planes: readonly Plane[]): number => {
    let worst = 0;
    for (const [v, q, s, value] of samples) worst = Math.max(worst, envelope(planes, v!, q!, s!) - value!);
    return worst;
  };
  const chosen: Plane[] = [];
  while (chosen.length < Math.max(1, maxPlanes)) {
    let best: Plane | undefined;
    let bestGap = chosen.length === 0 ? Number.POSITIVE_INFINITY : worstGap(chosen);
    for (const c of candidates) {
      if (chosen.includes(c)) continue;
      const gap = worstGap([...chosen, c]);
      if (gap < bestGap - 1e-9) {
        bestGap = gap;
        best = c;
      }
    }
    if (best === undefined) break;
    chosen.push(best);
  }
  return chosen;
}

/**
 * κ in (0, 1] (steps of 10⁻³) with the smallest total overestimate of φ on the grid among
 * those keeping the envelope ≥ φ; ties keep the larger κ, so planes through the origin
 * keep κ = 1.
 */
function kappaFor(planes: readonly Plane[], samples: readonly number[][]): number {
  let best = 1;
  let bestExcess = Number.POSITIVE_INFINITY;
  for (let step = 0; step < 1000; step++) {
    const kappa = 1 - step / 1000;
    let excess = 0;
    let valid = true;
    for (const [v, q, s, value] of samples) {
      const gap = envelope(planes, v!, q!, s!, kappa) - value!;
      if (gap < -1e-9) {
        valid = false;
        break;
      }
      excess += gap;
    }
    if (!valid) break;
    if (excess < bestExcess - 1e-9) {
      bestExcess = excess;
      best = kappa;
    }
  }
  return best;
}

function grid(lo: number, hi: number, n: number): number[] {
  const count = Math.max(2, n);
  if (!(hi > lo)) return [lo];
  return Array.from({ length: count }, (_, i) => lo + ((hi - lo) * i) / (count - 1));
}

function windowBound(config: FphaConfig, hydro: Hydro, which: "min" | "max"): number | undefined {
  const w = config.fittingWindow;
  if (w === null) return undefined;
  const abs = which === "min" ? w.volumeMinHm3 : w.volumeMaxHm3;
  if (abs !== null) return abs;
  const pct = which === "min" ? w.volumeMinPercentile : w.volumeMaxPercentile;
  if (pct === null) return undefined;
  // Percentiles are given in percent of the storage range.
  return hydro.minStorageHm3 + (pct / 100) * (hydro.maxStorageHm3 - hydro.minStorageHm3);
}

/** φ(v, q, s) in MW. */
function productionFunction(
  hydro: Hydro,
  points: readonly HydroGeometryPoint[],
): (v: number, q: number, s: number) => number {
  const eta = hydro.efficiency?.value ?? 1;
  const fore = (v: number): number => {
    const first = points[0]!;
    const last = points[points.length - 1]!;
    if (v <= first.volumeHm3) return first.heightM;
    if (v >= last.volumeHm3) return last.heightM;
    let i = 0;
    while (points[i + 1]!.volumeHm3 < v) i++;
    const a = points[i]!;
    const b = points[i + 1]!;
    return a.heightM + ((b.heightM - a.heightM) * (v - a.volumeHm3)) / (b.volumeHm3 - a.volumeHm3);
  };
  const tail = (out: number): number => {
    const tr = hydro.tailrace;
    if (tr === null) return 0;
    if (tr.type === "polynomial") return tr.coefficients.reduceRight((acc, c) => acc * out + c, 0);
    const pts = tr.points;
    if (pts.length === 0) return 0;
    if (out <= pts[0]!.outflowM3s) return pts[0]!.heightM;
    for (let i = 0; i + 1 < pts.length; i++) {
      const a = pts[i]!;
      const b = pts[i + 1]!;
      if (out <= b.outflowM3s)
        return a.heightM + ((b.heightM - a.heightM) * (out - a.outflowM3s)) / (b.outflowM3s - a.outflowM3s);
    }
    return pts[pts.length - 1]!.heightM;
  };
  return (v, q, s) => {
    const gross = fore(v) - tail(q + s);
    const loss = hydro.hydraulicLosses;
    const net = loss === null ? gross : loss.type === "factor" ? gross * (1 - loss.value) : gross - loss.valueM;
    return G_RHO_MW * eta * q * Math.max(0, net);
  };
}
