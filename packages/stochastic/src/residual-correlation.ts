/**
 * Spatial correlation of inflow noise estimated from history (book guide "Estimation from
 * History", step 6, and "Inflow Source Resolution": on the estimation paths, without
 * `correlation.json`, Σ is estimated from the PAR residuals of `inflow_history.parquet`).
 *
 * For each hydro and each observation whose AR lags are observed:
 *   ε_t = z_t − Σ_ℓ ψ*_{m,ℓ} · z_{t−ℓ},   z = (a − μ_season)/σ_season  (z = 0 where σ = 0)
 * with the season m of period t and the statistics/coefficients the model was fitted with
 * (the annual PAR(p)-A term is not part of the residual, as in the reference). Residuals
 * are matched across hydros by period, and the Pearson correlation of every pair is taken
 * over the periods both have (0 with fewer than 2 such periods or a vanishing spread).
 *
 * The result has the shape of `correlation.json`, so it feeds the same spectral factoring:
 * - profile "default": one group of every hydro (type "inflow"), correlations pooled over all
 *   seasons;
 * - with more than one season, profile "season_XX" (XX zero-padded to the width of the last
 *   season index) for each season where every pair of hydros shares at least
 *   {@link MIN_SEASONAL_PAIRS} residuals, and a schedule sending each stage of that season
 *   to it; the other stages fall back to "default".
 */

import type { CorrelationModelInput } from "./correlation.js";
import type { HistoryObservation, SeasonCalendar } from "./par-fit/index.js";

/** Fewest residuals per pair for a season to get its own matrix (the reference's threshold). */
export const MIN_SEASONAL_PAIRS = 30;

/** One hydro's history with the model its residuals are taken against. */
export interface ResidualSource {
  readonly hydroId: number;
  readonly observations: readonly HistoryObservation[];
  /** Per season: mean and standard deviation used to standardize (index = season). */
  readonly mean: ArrayLike<number>;
  readonly std: ArrayLike<number>;
  /** Per season: standardized AR coefficients ψ*_1..ψ*_p (undefined or empty = white noise). */
  readonly coefficients: readonly (ArrayLike<number> | undefined)[];
}

/** A stage for the schedule: its id and season. */
export interface ScheduledStage {
  readonly id: number;
  readonly seasonId: number;
}

/** Residuals of one hydro by period index (year·nSeasons + season). */
type Residuals = Map<number, number>;

function residualsOf(source: ResidualSource, calendar: SeasonCalendar): Residuals {
  const S = calendar.nSeasons;
  const value = new Map<number, number>();
  for (const o of source.observations) {
    const p = calendar.periodOf(o.date);
    if (p !== undefined && p.season >= 0 && p.season < S && Number.isFinite(o.valueM3s))
      value.set(p.year * S + p.season, o.valueM3s);
  }
  const z = (q: number, v: number): number => {
    const m = ((q % S) + S) % S;
    const sd = Number(source.std[m]);
    return sd === 0 || !Number.isFinite(sd) ? 0 : (v - Number(source.mean[m])) / sd;
  };
  const out: Residuals = new Map();
  for (const [q, v] of value) {
    const m = ((q % S) + S) % S;
    const psi = source.coefficients[m];
    let e = z(q, v);
    let complete = true;
    for (let l = 1; psi !== undefined && l <= psi.length; l++) {
      const lagged = value.get(q - l);
      if (lagged === undefined) {
        complete = false;
        break;
      }
      e -= Number(psi[l - 1]) * z(q - l, lagged);
    }
    if (complete) out.set(q, e);
  }
  return out;
}

/** Pearson correlation over the periods in `keep` (all when undefined) both maps share. */
function pearson(a: Residuals, b: Residuals, keep?: (q: number) => boolean): { rho: number; pairs: number } {
  const xs: number[] = [];
  const ys: number[] = [];
  for (const [q, x] of a) {
    if (keep !== undefined && !keep(q)) continue;
    const y = b.get(q);
    if (y === undefined) continue;
    xs.push(x);
    ys.push(y);
  }
  const n = xs.length;
  if (n < 2) return { rho: 0, pairs: n };
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i++) {
    mx += xs[i] as number;
    my += ys[i] as number;
  }
  mx /= n;
  my /= n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = (xs[i] as number) - mx;
    const dy = (ys[i] as number) - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  const sx = Math.sqrt(sxx / (n - 1));
  const sy = Math.sqrt(syy / (n - 1));
  if (sx < Number.EPSILON || sy < Number.EPSILON) return { rho: 0, pairs: n };
  return { rho: Math.min(1, Math.max(-1, sxy / (n - 1) / (sx * sy))), pairs: n };
}

/** Correlation matrix of all hydros, and the fewest shared residuals over the pairs. */
function matrixOf(
  residuals: readonly Residuals[],
  keep?: (q: number) => boolean,
): { matrix: number[][]; minPairs: number } {
  const n = residuals.length;
  const matrix = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 1 : 0)));
  let minPairs = Number.POSITIVE_INFINITY;
  if (n === 1) {
    let count = 0;
    for (const q of (residuals[0] as Residuals).keys()) if (keep === undefined || keep(q)) count++;
    minPairs = count;
  }
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const { rho, pairs } = pearson(residuals[i] as Residuals, residuals[j] as Residuals, keep);
      (matrix[i] as number[])[j] = rho;
      (matrix[j] as number[])[i] = rho;
      minPairs = Math.min(minPairs, pairs);
    }
  }
  return { matrix, minPairs: n === 0 ? 0 : minPairs };
}

/**
 * Estimates the inflow correlation model from the residuals of `sources` (one per hydro,
 * in the order of the matrix rows).
 *
 * @param stages the study stages with their seasons, for the per-season schedule
 */
export function estimateResidualCorrelation(
  sources: readonly ResidualSource[],
  calendar: SeasonCalendar,
  stages: readonly ScheduledStage[],
): CorrelationModelInput {
  const S = calendar.nSeasons;
  const entities = sources.map((s) => ({ type: "inflow" as const, id: s.hydroId }));
  const residuals = sources.map((s) => residualsOf(s, calendar));
  const group = (matrix: number[][]) => ({ groups: [{ name: "default", entities, matrix }] });
  const profiles: Record<string, ReturnType<typeof group>> = { default: group(matrixOf(residuals).matrix) };
  if (S <= 1 || sources.length === 0) return { method: "spectral", profiles };

  const width = String(S - 1).length;
  const nameOf = (season: number) => `season_${String(season).padStart(width, "0")}`;
  const seasonal = new Set<number>();
  for (let m = 0; m < S; m++) {
    const { matrix, minPairs } = matrixOf(residuals, (q) => ((q % S) + S) % S === m);
    if (minPairs < MIN_SEASONAL_PAIRS) continue;
    profiles[nameOf(m)] = group(matrix);
    seasonal.add(m);
  }
  const schedule = stages
    .filter((s) => seasonal.has(s.seasonId))
    .map((s) => ({ stageId: s.id, profileName: nameOf(s.seasonId) }))
    .sort((a, b) => a.stageId - b.stageId);
  return { method: "spectral", profiles, schedule };
}
