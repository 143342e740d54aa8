/**
 * Inflow-lag transitions between stages of different temporal resolution (book, guide
 * "Multi-Resolution Studies": weekly stages inside a month, monthly stages before
 * quarterly ones).
 *
 * A PAR(p) equation reads lags at the resolution of its season's period: lag k of a stage
 * in January (monthly seasons) is the average inflow of the k-th month before January,
 * whether the stage is the whole month or one of its weeks; lag k of a quarterly stage is
 * the average inflow of the k-th quarter before its quarter. The state therefore carries,
 * per hydro, lag slots in the resolution of the *next* stage, plus — when a period is
 * split over several stages — an accumulator: the hour-weighted sum Σ w_s·a_s of the
 * inflows of the period's stages so far (w_s = share of the period's hours the stage
 * covers), seeded with `recent_observations` when the study starts mid-period.
 *
 * Every outgoing slot is a linear function of the stage's inflow a_t and its incoming
 * slots, so the transition is exact inside the LP and the cuts see it (no value is kept
 * outside the LP):
 * - the period continues in the next stage: lags frozen, accumulator += w_t·a_t;
 * - the period closes, same resolution next: lag 1 = (acc + w_t·a_t)/W (W = weight the
 *   study and the observations cover of the period; = a_t for a stage that is its whole
 *   period), lag k = incoming lag k−1, accumulator = the part of a_t spilling into the
 *   next period;
 * - the period closes and the next stage is coarser (month → quarter): each coarse lag is
 *   the hour-weighted average of the fine values it covers — the month just closed and the
 *   incoming monthly lags — so enough monthly history is kept in the slots beforehand.
 * A plain study (every stage its own period, one resolution) gets no transition at all:
 * `null` means the classic shift (lag 1 = a_t, lag k = lag k−1).
 * Disaggregation (coarse → fine) is rejected, as in the book.
 */

import type { PreStudyStage, SeasonDefinitions, Stage } from "@cobre/core";
import type { LagStatsSource } from "@cobre/stochastic";

/** One outgoing slot: inflow·a_t + Σ coef·incoming slot. */
interface SlotDefinition {
  readonly inflow: number;
  readonly terms: readonly (readonly [slot: number, coefficient: number])[];
}

/** Outgoing slots of one stage (same layout for every hydro). */
export type LagTransition = readonly SlotDefinition[];

export interface LagPlan {
  /** Slots per hydro in the state (lags, then the accumulator when there is one). */
  readonly slots: number;
  /** Slots that are inflow lags (the rest is the accumulator). */
  readonly lagSlots: number;
  /** Index of the accumulator slot, or −1. */
  readonly accumulatorSlot: number;
  /** Per stage; null = classic shift. */
  readonly transitions: readonly (LagTransition | null)[];
  /**
   * Share of the first stage's period covered by `recent_observations` (0 when none);
   * the accumulator starts at Σ value·(observed hours / period hours) per hydro.
   */
  readonly seedWeight: number;
  /** The first stage's period, for the accumulator seed (undefined without seasons). */
  readonly firstPeriod?: { readonly start: string; readonly end: string };
}

export type LagPlanResult = { ok: true; value: LagPlan } | { ok: false; message: string };

/** A season period of the calendar. */
export interface Period {
  /** Days since epoch, end exclusive. */
  readonly start: number;
  readonly end: number;
  /** Length in whole calendar months, or 0 when the period is not month-aligned. */
  readonly months: number;
}

const DAY_MS = 86_400_000;

/** Days since the epoch of an ISO date. */
export function dayOf(iso: string): number {
  return Math.round(Date.parse(`${iso}T00:00:00Z`) / DAY_MS);
}

function dayOfYmd(year: number, month1: number, day: number): number {
  return Math.round(Date.UTC(year, month1 - 1, day) / DAY_MS);
}

function isoOf(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** The months between two month-aligned days (0 when either is not a month start). */
function monthSpan(start: number, end: number): number {
  const a = new Date(start * DAY_MS);
  const b = new Date(end * DAY_MS);
  if (a.getUTCDate() !== 1 || b.getUTCDate() !== 1) return 0;
  return (b.getUTCFullYear() - a.getUTCFullYear()) * 12 + (b.getUTCMonth() - a.getUTCMonth());
}

/** First day of the month `k` months after the month starting at `day` (k may be negative). */
export function addMonths(day: number, k: number): number {
  const d = new Date(day * DAY_MS);
  return Math.round(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + k, 1) / DAY_MS);
}

/**
 * The season period a stage belongs to: the occurrence of its season's date window that
 * overlaps the stage most (ties to the earlier one). Undefined when the stage has no
 * season, seasons are weekly, or the season is unknown.
 */
export function periodOf(
  stage: Pick<Stage, "startDate" | "endDate" | "seasonId">,
  seasons: SeasonDefinitions,
): Period | undefined {
  if (stage.seasonId === null || seasons.cycleType === "weekly") return undefined;
  const season = seasons.seasons.find((s) => s.id === stage.seasonId);
  if (season === undefined) return undefined;
  const s0 = dayOf(stage.startDate);
  const s1 = dayOf(stage.endDate);
  const year = new Date(s0 * DAY_MS).getUTCFullYear();
  let best: Period | undefined;
  let bestOverlap = -1;
  for (const y of [year - 1, year, year + 1]) {
    const start = dayOfYmd(y, season.monthStart, season.dayStart ?? 1);
    let end: number;
    if (seasons.cycleType === "monthly" || season.monthEnd === null) {
      end = addMonths(dayOfYmd(y, season.monthStart, 1), 1);
    } else {
      const endYear = season.monthEnd < season.monthStart ? y + 1 : y;
      const monthAfter = addMonths(dayOfYmd(endYear, season.monthEnd, 1), 1);
      const lastDay = monthAfter - dayOfYmd(endYear, season.monthEnd, 1);
      // A window ending on the month's last day (February's 28th in any year) is month-aligned.
      const toMonthEnd =
        season.dayEnd === null || season.dayEnd >= lastDay || (season.monthEnd === 2 && season.dayEnd >= 28);
      end = toMonthEnd ? monthAfter : dayOfYmd(endYear, season.monthEnd, season.dayEnd ?? lastDay) + 1;
    }
    const overlap = Math.min(s1, end) - Math.max(s0, start);
    if (overlap > bestOverlap) {
      bestOverlap = overlap;
      best = { start, end, months: monthSpan(start, end) };
    }
  }
  return bestOverlap > 0 ? best : undefined;
}

/** Whether two periods are the same dates. */
function samePeriod(a: Pick<Period, "start" | "end">, b: Pick<Period, "start" | "end">): boolean {
  return a.start === b.start && a.end === b.end;
}

function overlapDays(a0: number, a1: number, b0: number, b1: number): number {
  return Math.max(0, Math.min(a1, b1) - Math.max(a0, b0));
}

/**
 * Plans the lag slots and per-stage transitions.
 *
 * @param parOrders per study stage, the largest PAR order of its equations
 * @param observations `recent_observations` (all hydros): only their coverage of the
 *   first stage's period before the study start matters here
 */
export function planLagTransitions(
  stages: readonly Stage[],
  seasons: SeasonDefinitions | null,
  parOrders: readonly number[],
  observations: readonly { readonly hydroId: number; readonly startDate: string; readonly endDate: string }[] = [],
): LagPlanResult {
  const T = stages.length;
  const parLags = parOrders.reduce((m, p) => Math.max(m, p), 0);
  const plain: LagPlan = {
    slots: parLags,
    lagSlots: parLags,
    accumulatorSlot: -1,
    transitions: stages.map(() => null),
    seedWeight: 0,
  };
  if (parLags === 0 || seasons === null || T === 0) return { ok: true, value: plain };
  const periods = stages.map((s) => periodOf(s, seasons));
  if (periods.some((p) => p === undefined)) return { ok: true, value: plain };
  const per = periods as Period[];

  // Seed: hours of the first period observed before the study (largest over hydros).
  const first = per[0]!;
  const studyStart = dayOf(stages[0]!.startDate);
  const observedDays = new Map<number, number>();
  for (const o of observations) {
    const d = overlapDays(dayOf(o.startDate), dayOf(o.endDate), first.start, Math.min(first.end, studyStart));
    observedDays.set(o.hydroId, (observedDays.get(o.hydroId) ?? 0) + d);
  }
  const seedDays = Math.max(0, ...observedDays.values());
  const seedWeight = seedDays / (first.end - first.start);

  // Weight each stage gives its own period and spills into the next one.
  const weight = stages.map((s, t) => {
    const p = per[t]!;
    return overlapDays(dayOf(s.startDate), dayOf(s.endDate), p.start, p.end) / (p.end - p.start);
  });

  // Monthly history needed where the resolution becomes coarser, and the order needed after.
  let needSlots = parLags;
  for (let t = 0; t + 1 < T; t++) {
    const a = per[t]!;
    const b = per[t + 1]!;
    if (samePeriod(a, b)) continue;
    const fine = a.end - a.start;
    const coarse = b.end - b.start;
    if (a.months > 0 && b.months > 0 && b.months !== a.months) {
      if (b.months < a.months || b.months % a.months !== 0) {
        return {
          ok: false,
          message: `stage ${stages[t + 1]!.id} has a finer or misaligned season period than stage ${stages[t]!.id}; inflow lags cannot be disaggregated`,
        };
      }
      const laterOrder = parOrders.slice(t + 1).reduce((m, p) => Math.max(m, p), 0);
      needSlots = Math.max(needSlots, laterOrder * (b.months / a.months) - 1);
    } else if (a.months === 0 && b.months === 0 && Math.abs(coarse - fine) > 3) {
      return { ok: true, value: plain };
    }
  }

  // Walk the stages: is an accumulator carried into stage t+1?
  const transitions: (LagTransition | null)[] = [];
  const accIn: boolean[] = [seedWeight > 0];
  const covered: number[] = [];
  // W of each period: weights of its stages plus the seed for the first period.
  for (let t = 0; t < T; t++) {
    let W = t === 0 || !samePeriod(per[t - 1]!, per[t]!) ? 0 : covered[t - 1]!;
    if (W === 0) {
      // New period: previous stage's spill + this and the following stages of the period.
      if (t === 0) W += seedWeight;
      if (t > 0) W += spillInto(stages[t - 1]!, per[t]!);
      for (let u = t; u < T && samePeriod(per[u]!, per[t]!); u++) W += weight[u]!;
    }
    covered.push(W);
  }
  let useAccumulator = seedWeight > 0;
  for (let t = 0; t + 1 < T; t++) {
    if (samePeriod(per[t]!, per[t + 1]!) || spillInto(stages[t]!, per[t + 1]!) > 0) useAccumulator = true;
  }
  const lagSlots = needSlots;
  const slots = lagSlots + (useAccumulator ? 1 : 0);
  const acc = useAccumulator ? lagSlots : -1;

  for (let t = 0; t < T; t++) {
    const p = per[t]!;
    const next = t + 1 < T ? per[t + 1]! : undefined;
    const carried = accIn[t] === true;
    const w = weight[t]!;
    const W = covered[t]!;
    const out: SlotDefinition[] = [];
    if (next !== undefined && samePeriod(p, next)) {
      // The period goes on: lags frozen, accumulate this stage.
      for (let k = 0; k < lagSlots; k++) out.push({ inflow: 0, terms: [[k, 1]] });
      out.push({ inflow: w, terms: carried ? [[acc, 1]] : [] });
      transitions.push(out);
      accIn.push(true);
      continue;
    }
    // The period closes: its average, as (inflow coefficient, accumulator coefficient).
    const avgInflow = W > 0 ? w / W : 1;
    const avgAcc = carried && W > 0 ? 1 / W : 0;
    const spill = next === undefined ? 0 : spillInto(stages[t]!, next);
    if (next !== undefined && next.months > 0 && p.months > 0 && next.months > p.months) {
      // Coarser next: coarse lag k averages the fine periods it covers, by hours.
      const ratio = next.months / p.months;
      for (let k = 1; k <= lagSlots; k++) {
        const terms: [number, number][] = [];
        let inflow = 0;
        const qEnd = addMonths(next.start, -(k - 1) * next.months);
        const qStart = addMonths(next.start, -k * next.months);
        const total = qEnd - qStart;
        // Fine period i back from the one just closed (i = 0 is the closed one).
        for (let i = 0; i < k * ratio + ratio; i++) {
          const fEnd = addMonths(p.end, -i * p.months);
          const fStart = addMonths(p.end, -(i + 1) * p.months);
          const share = overlapDays(fStart, fEnd, qStart, qEnd) / total;
          if (share === 0) continue;
          if (i === 0) {
            inflow += share * avgInflow;
            if (avgAcc !== 0) terms.push([acc, share * avgAcc]);
          } else if (i - 1 < lagSlots) {
            terms.push([i - 1, share]);
          }
        }
        out.push({ inflow, terms });
      }
    } else {
      out.push({ inflow: avgInflow, terms: avgAcc !== 0 ? [[acc, avgAcc]] : [] });
      for (let k = 1; k < lagSlots; k++) out.push({ inflow: 0, terms: [[k - 1, 1]] });
    }
    if (useAccumulator) out.push({ inflow: spill, terms: [] });
    accIn.push(spill > 0);
    const classic =
      !useAccumulator &&
      out.every((d, k) =>
        k === 0
          ? d.inflow === 1 && d.terms.length === 0
          : d.inflow === 0 && d.terms.length === 1 && d.terms[0]![0] === k - 1 && d.terms[0]![1] === 1,
      );
    transitions.push(classic ? null : out);
  }
  return {
    ok: true,
    value: {
      slots,
      lagSlots,
      accumulatorSlot: acc,
      transitions,
      seedWeight,
      firstPeriod: { start: isoOf(first.start), end: isoOf(first.end) },
    },
  };
}

/** Share of the first stage's period that [start, end) covers before the study starts. */
export function observedShare(plan: LagPlan, studyStart: string, start: string, end: string): number {
  if (plan.firstPeriod === undefined) return 0;
  const p0 = dayOf(plan.firstPeriod.start);
  const p1 = dayOf(plan.firstPeriod.end);
  return overlapDays(dayOf(start), dayOf(end), p0, Math.min(p1, dayOf(studyStart))) / (p1 - p0);
}

/** Share of `next` period covered by the days of `stage` that fall in it. */
function spillInto(stage: Stage, next: Period): number {
  return overlapDays(dayOf(stage.startDate), dayOf(stage.endDate), next.start, next.end) / (next.end - next.start);
}

/**
 * Whose statistics standardize lag ℓ of each study stage: the stage (study or pre-study)
 * whose season period is the ℓ-th period before the stage's own — December for every week
 * of January, Q2 for Q3 — else the season whose window is that period. Undefined (the
 * PAR model's default, stage id − ℓ) without month-aligned seasons; for a monthly study
 * both give the same stages.
 */
export function lagStatsSources(
  stages: readonly Stage[],
  preStudy: readonly PreStudyStage[],
  seasons: SeasonDefinitions | null,
): ((stageIndex: number, lag: number) => LagStatsSource | undefined) | undefined {
  if (seasons === null || seasons.cycleType === "weekly") return undefined;
  const all = [...preStudy, ...stages];
  const periods = all.map((s) => ({ id: s.id, period: periodOf(s, seasons) }));
  const own = stages.map((s) => periodOf(s, seasons));
  return (t, lag) => {
    const p = own[t];
    if (p === undefined || p.months === 0) return undefined;
    const start = addMonths(p.start, -lag * p.months);
    const end = addMonths(p.start, -(lag - 1) * p.months);
    let found: number | undefined;
    const target = { start, end };
    for (const q of periods) {
      if (q.period !== undefined && samePeriod(q.period, target)) found = q.id;
    }
    if (found !== undefined) return { stageId: found };
    for (const season of seasons.seasons) {
      const w = periodOf({ startDate: isoOf(start), endDate: isoOf(end), seasonId: season.id }, seasons);
      if (w !== undefined && samePeriod(w, target)) return { seasonId: season.id };
    }
    return undefined;
  };
}
