/**
 * Historical windows (book, guide "Sampling Schemes → Historical" and "Noise Methods →
 * HistoricalResiduals"): replaying the years of `inflow_history.parquet` through the study.
 *
 * A window is a starting year y: stage t of the study is matched with the same calendar
 * period shifted to year y (+ however many years the study has run since its first
 * stage), and its inflow is the day-weighted average of the monthly observations covering
 * that period — a month for monthly and weekly stages (the season's period), a quarter for
 * quarterly ones. The window's initial lag state is read from the periods before it at the
 * first stage's resolution, so the AR dynamics start from the real record. A year is a
 * window only when every hydro has every month this needs; `historical_years` (list or
 * inclusive range) restricts the candidates.
 *
 * Observations are monthly: an observation dated in a month stands for that month's mean
 * inflow (the same reading the estimation from history uses).
 */

import type { Case, HistoricalYears } from "@cobre/core";
import { type Result, err, ok } from "@cobre/core";
import { createStream, type NoiseStream, StreamPurpose, uniformIndexAt } from "@cobre/stochastic";
import type { SddpError } from "../errors";
import { addMonths, dayOf, periodOf } from "../lp/lag-transitions";
import type { ScenarioInputs } from "./scenario-inputs";

export interface HistoricalLibrary {
  /** Starting year of each window. */
  readonly years: readonly number[];
  /** Stage inflows, `[(w · T + t) · H + h]` (m³/s). */
  readonly inflows: Float64Array;
  /** Initial lag slots of each window, `[w · H·S + (k · H + h)]` (the accumulator as in the case). */
  readonly initialLags: Float64Array;
  /** PAR residuals η of each (window, stage, hydro) under the case's model, `[(w · T + t) · H + h]`. */
  readonly eta: Float64Array;
}

const DAY_MS = 86_400_000;

function ymd(day: number): { y: number; m: number; d: number } {
  const date = new Date(day * DAY_MS);
  return { y: date.getUTCFullYear(), m: date.getUTCMonth() + 1, d: date.getUTCDate() };
}

/** The same calendar day `years` later (29 February falls back to the 28th). */
function shiftYears(day: number, years: number): number {
  const { y, m, d } = ymd(day);
  const target = Date.UTC(y + years, m - 1, d);
  const back = new Date(target);
  return Math.round((back.getUTCMonth() + 1 === m ? target : Date.UTC(y + years, m - 1, d - 1)) / DAY_MS);
}

/** Monthly observations per hydro: key year·12 + (month − 1). */
function monthlyObservations(c: Case): Map<number, Map<number, number>> {
  const byHydro = new Map<number, Map<number, number>>();
  for (const r of c.scenarios.inflowHistory) {
    const m = /^(\d{4})-(\d{2})/.exec(r.date);
    if (m === null) continue;
    const key = Number(m[1]) * 12 + Number(m[2]) - 1;
    const map = byHydro.get(r.hydroId) ?? new Map<number, number>();
    byHydro.set(r.hydroId, map);
    map.set(key, r.valueM3s);
  }
  return byHydro;
}

/** Day-weighted mean of the monthly observations over [start, end), or undefined if one is missing. */
function averageOver(obs: Map<number, number> | undefined, start: number, end: number): number | undefined {
  if (obs === undefined || end <= start) return undefined;
  const first = ymd(start);
  if (end <= Math.round(Date.UTC(first.y, first.m, 1) / DAY_MS)) return obs.get(first.y * 12 + first.m - 1);
  let sum = 0;
  let day = start;
  while (day < end) {
    const { y, m } = ymd(day);
    const next = Math.min(end, Math.round(Date.UTC(y, m, 1) / DAY_MS));
    const value = obs.get(y * 12 + m - 1);
    if (value === undefined) return undefined;
    sum += value * (next - day);
    day = next;
  }
  return sum / (end - start);
}

/**
 * Builds the windows of the case for the given year filter. Errors when no year of the
 * history covers the study (`InvalidOptions`, naming the file).
 */
export function buildHistoricalLibrary(
  c: Case,
  inputs: Pick<
    ScenarioInputs,
    | "numStages"
    | "numHydros"
    | "lagOrder"
    | "inflowLagSlots"
    | "inflowBase"
    | "inflowLagCoefficient"
    | "inflowNoiseScale"
    | "initialLags"
  >,
  filter: HistoricalYears | null,
): Result<HistoricalLibrary, SddpError> {
  const { system } = c;
  const stages = system.stages;
  const T = stages.length;
  const H = system.hydros.length;
  const S = inputs.lagOrder;
  const L = inputs.inflowLagSlots;
  const file = { file: "scenarios/inflow_history.parquet" };
  const obs = monthlyObservations(c);
  if (obs.size === 0 || T === 0) {
    return err({
      kind: "InvalidOptions",
      message: "historical sampling needs scenarios/inflow_history.parquet",
      context: file,
      suggestion: "Provide the inflow history, or use the in_sample, out_of_sample or external scheme.",
    });
  }
  // Each stage's period (its season's, else its own dates) and resolution in months.
  const seasons = system.seasonDefinitions;
  const periods = stages.map((s) => {
    const p = seasons === null ? undefined : periodOf(s, seasons);
    return p ?? { start: dayOf(s.startDate), end: dayOf(s.endDate), months: 0 };
  });
  const firstYear = ymd(dayOf(stages[0]!.startDate)).y;
  let years: number[] = [];
  for (const map of obs.values()) for (const key of map.keys()) years.push(Math.floor(key / 12));
  years = [...new Set(years)].sort((a, b) => a - b);
  if (filter !== null) {
    const wanted = Array.isArray(filter)
      ? new Set(filter as readonly number[])
      : new Set(years.filter((y) => y >= (filter as { from: number }).from && y <= (filter as { to: number }).to));
    years = years.filter((y) => wanted.has(y));
  }

  /** Lag k (1-based) of stage t in a window shifted by `shift` years, per hydro. */
  const lagValue = (t: number, k: number, shift: number, h: number): number | undefined => {
    const p = periods[t]!;
    const [start, end] =
      p.months > 0
        ? [addMonths(p.start, -k * p.months), addMonths(p.start, -(k - 1) * p.months)]
        : [p.start - k * (p.end - p.start), p.start - (k - 1) * (p.end - p.start)];
    return averageOver(obs.get(system.hydros[h]!.id), shiftYears(start, shift), shiftYears(end, shift));
  };

  const kept: number[] = [];
  const inflows: number[] = [];
  const lags: number[] = [];
  const etas: number[] = [];
  const P = S;
  for (const year of years) {
    const shift = year - firstYear;
    const windowInflows = new Float64Array(T * H);
    const windowLags = Float64Array.from(inputs.initialLags);
    const windowEta = new Float64Array(T * H);
    let complete = true;
    for (let t = 0; t < T && complete; t++) {
      const p = periods[t]!;
      for (let h = 0; h < H && complete; h++) {
        const value = averageOver(obs.get(system.hydros[h]!.id), shiftYears(p.start, shift), shiftYears(p.end, shift));
        if (value === undefined) {
          complete = false;
          break;
        }
        windowInflows[t * H + h] = value;
        // η = (observation − base − Σ ψ_k · lag_k) / σ with the window's own lags.
        const th = t * H + h;
        let ar = 0;
        for (let k = 1; k <= L; k++) {
          const psi = inputs.inflowLagCoefficient[th * P + k - 1]!;
          if (psi === 0) continue;
          const lag = lagValue(t, k, shift, h);
          if (lag === undefined) {
            complete = false;
            break;
          }
          ar += psi * lag;
        }
        const scale = inputs.inflowNoiseScale[th]!;
        windowEta[th] = scale > 0 ? (value - inputs.inflowBase[th]! - ar) / scale : 0;
      }
    }
    for (let h = 0; h < H && complete; h++) {
      for (let k = 1; k <= L; k++) {
        const lag = lagValue(0, k, shift, h);
        if (lag === undefined) {
          complete = false;
          break;
        }
        windowLags[(k - 1) * H + h] = lag;
      }
    }
    if (!complete) continue;
    kept.push(year);
    inflows.push(...windowInflows);
    lags.push(...windowLags);
    etas.push(...windowEta);
  }
  if (kept.length === 0) {
    return err({
      kind: "InvalidOptions",
      message:
        filter === null
          ? "no year of the inflow history covers every stage and initial lag of the study for every hydro"
          : "no year of historical_years is complete in the inflow history",
      context: file,
      suggestion: "Extend the history or relax scenario_source.historical_years.",
    });
  }
  return ok({
    years: kept,
    inflows: Float64Array.from(inflows),
    initialLags: Float64Array.from(lags),
    eta: Float64Array.from(etas),
  });
}

/**
 * Which window forward scenario m of an iteration replays: random without replacement —
 * scenarios m = r·W … r·W + W − 1 (round r) visit a Fisher–Yates permutation of the W
 * windows drawn from (seed, iteration, round), so every window is used once per round and
 * any worker computes the same assignment.
 */
export class WindowSelector {
  private readonly stream: NoiseStream;
  private readonly order: Int32Array;
  private cachedIteration = -1;
  private cachedRound = -1;

  constructor(
    seed: number,
    private readonly windows: number,
  ) {
    this.stream = createStream(seed, StreamPurpose.HistoricalWindow);
    this.order = new Int32Array(windows);
  }

  window(iteration: number, scenario: number): number {
    const W = this.windows;
    const round = Math.floor(scenario / W);
    if (iteration !== this.cachedIteration || round !== this.cachedRound) {
      for (let i = 0; i < W; i++) this.order[i] = i;
      for (let i = W - 1; i > 0; i--) {
        const j = uniformIndexAt(this.stream, iteration, round, i, i + 1);
        const tmp = this.order[i]!;
        this.order[i] = this.order[j]!;
        this.order[j] = tmp;
      }
      this.cachedIteration = iteration;
      this.cachedRound = round;
    }
    return this.order[scenario % W]!;
  }
}
