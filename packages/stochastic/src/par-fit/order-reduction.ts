/**
 * Maceira–Damazio order reduction (step 6): lag contributions composed through the
 * periodic chain, and the loop that lowers failing seasons' order ceilings.
 */

import type { FitOptions } from "./types.js";
import { type SeasonModel, type SeasonalSeries, WHITE_NOISE, seasonBefore, selectAndFit } from "./yule-walker.js";

/**
 * Maceira–Damazio contributions of lags 1..order for `season`: the total effect of the
 * inflow k periods back on the current inflow, in physical units, once the direct
 * coefficient and every indirect path through the intermediate seasons' own AR equations
 * are composed. With φ(s, j) = ψ*_{s,j}·σ_s/σ_{s−j} (0 beyond the season's order or when
 * σ_{s−j} = 0), row 0 is A₀[j] = φ(season, j+1) and row i composes one more season back:
 *   A_i[j] = A_{i−1}[0] · φ(season − i, j+1) + A_{i−1}[j+1];
 * the contribution of lag i+1 is A_i[0]. A negative entry means the lag's cumulative
 * influence opposes persistence, which makes generated inflows oscillate.
 * @param coefficientsBySeason standardized ψ* per season (any lengths)
 * @param stdBySeason seasonal std per season
 */
export function lagContributions(
  season: number,
  order: number,
  coefficientsBySeason: readonly (ArrayLike<number> | undefined)[],
  stdBySeason: ArrayLike<number>,
): Float64Array {
  const nSeasons = stdBySeason.length;
  const phys = (s: number, lagIndex: number): number => {
    const coeffs = coefficientsBySeason[s];
    if (coeffs === undefined || lagIndex >= coeffs.length) return 0;
    const lagged = stdBySeason[seasonBefore(s, lagIndex + 1, nSeasons)] as number;
    return lagged === 0 ? 0 : ((coeffs[lagIndex] as number) * (stdBySeason[s] as number)) / lagged;
  };
  const out = new Float64Array(order);
  if (order === 0) return out;
  let row = new Float64Array(order);
  for (let j = 0; j < order; j++) row[j] = phys(season, j);
  out[0] = row[0] as number;
  for (let i = 1; i < order; i++) {
    const back = seasonBefore(season, i, nSeasons);
    const next = new Float64Array(order);
    for (let j = 0; j < order - i; j++) next[j] = (row[0] as number) * phys(back, j) + (row[j + 1] as number);
    out[i] = next[0] as number;
    row = next;
  }
  return out;
}

/**
 * The unfrozen seasons whose lag contributions (under the coefficients as they stand) have
 * a negative entry — the Maceira–Damazio test — each reported in `warnings`.
 */
export function failingSeasons(
  hydroId: number,
  models: readonly SeasonModel[],
  frozen: readonly boolean[],
  ceiling: readonly number[],
  std: SeasonalSeries["std"],
  warnings: string[],
): number[] {
  const coefficients = models.map((m) => m.coefficients);
  const failing: number[] = [];
  for (let s = 0; s < models.length; s++) {
    const order = (models[s] as SeasonModel).coefficients.length;
    if (frozen[s] || order === 0) continue;
    const c = lagContributions(s, order, coefficients, std);
    if (c.some((v) => v < 0)) {
      warnings.push(
        `hydro ${hydroId} season ${s}: negative contribution at order ${order} (${Array.from(c, (v) => v.toPrecision(4)).join(", ")}); AR ceiling ${ceiling[s]} → ${(ceiling[s] as number) - 1}`,
      );
      failing.push(s);
    }
  }
  return failing;
}

/**
 * Maceira–Damazio iterative order reduction of one hydro (step 6, after the magnitude and
 * ψ*_1 pre-passes). Every pass validates all unfrozen seasons against the coefficients as
 * they stood at the start of the pass, then lowers the ceiling of each failing season by
 * one and re-fits it; a season frozen at order 0 is never revisited. Stops when no season
 * fails or no failing season could be re-fitted.
 */
export function reduceOrders(
  hydroId: number,
  series: SeasonalSeries,
  rho: (season: number, lag: number) => number,
  models: SeasonModel[],
  options: FitOptions,
  warnings: string[],
): void {
  const S = series.nSeasons;
  const ceiling = new Array<number>(S).fill(options.maxOrder);
  const frozen = models.map((m) => m.coefficients.length === 0);
  const freeze = (s: number) => {
    models[s] = WHITE_NOISE;
    frozen[s] = true;
  };
  for (;;) {
    const failing = failingSeasons(hydroId, models, frozen, ceiling, series.std, warnings);
    if (failing.length === 0) return;
    let refitted = false;
    for (const s of failing) {
      if (ceiling[s] === 0) continue;
      ceiling[s] = (ceiling[s] as number) - 1;
      if (ceiling[s] === 0 || series.std[s] === 0 || (series.periods[s] as readonly number[]).length < 2) {
        freeze(s);
        continue;
      }
      const { model } = selectAndFit(series, rho, s, ceiling[s] as number, options.selection, options.zAlpha);
      models[s] = model;
      if (options.rejectNegative && model.coefficients.length > 0 && (model.coefficients[0] as number) < 0) {
        warnings.push(`hydro ${hydroId} season ${s}: negative lag-1 coefficient after re-fit; order 0`);
        freeze(s);
      } else {
        refitted = true;
      }
    }
    if (!refitted) return;
  }
}
