/**
 * Inflow source resolution (book guide "Inflow Source Resolution"): the seven estimation
 * paths picked by inflow_history (H), inflow_seasonal_stats (S) and inflow_ar_coefficients
 * (R), the annual-component file honored or dropped per path, and the spatial correlation
 * estimated from the history's PAR residuals feeding the opening tree exactly where
 * correlation.json would.
 *
 * The cases are d12-par-annual's system and stages (two hydros, 24 monthly stages, two
 * pre-study stages) with synthetic scenario files: a 100-year history of two PAR(1)
 * hydros whose innovations have correlation 0.6.
 */
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Case, CorrelationModel, InflowAnnualComponent, InflowArCoefficient, Scenarios } from "@cobre/core";
import { loadCase } from "@cobre/io";
import {
  MONTHLY_CALENDAR,
  StreamPurpose,
  createStream,
  estimateResidualCorrelation,
  fillStandardNormals,
  fitPar,
} from "@cobre/stochastic";
import { beforeAll, describe, expect, it } from "vitest";
import { buildScenarioInputs } from "../src/scenario/build-scenario-inputs";
import { type InflowModelInputs, inflowModelInputs, resolveEstimationPath } from "../src/scenario/inflow-model-inputs";

const here = path.dirname(fileURLToPath(import.meta.url));
const d12 = path.resolve(here, "../../../../shared/cobre-reference/examples/deterministic/d12-par-annual");

const YEARS = 100;
const RHO = 0.6;
const LEVEL = [300, 80];
const SCALE = [60, 15];
const phiOf = (m: number) => 0.5 + 0.03 * m;

/** Monthly history of hydros 0 and 1 from 1900, z_h PAR(1) with corr(ε_0, ε_1) = RHO. */
function syntheticHistory(): Scenarios["inflowHistory"] {
  const n = YEARS * 12;
  const e = new Float64Array(n);
  const u = new Float64Array(n);
  const stream = createStream(3, StreamPurpose.Synthetic);
  fillStandardNormals(stream, 0, 0, 0, e);
  fillStandardNormals(stream, 0, 1, 0, u);
  const rows: { hydroId: number; date: string; valueM3s: number }[] = [];
  const z = [0, 0];
  for (let t = 0; t < n; t++) {
    const phi = phiOf(t % 12);
    const c = Math.sqrt(1 - phi * phi);
    const eps = [e[t]!, RHO * e[t]! + Math.sqrt(1 - RHO * RHO) * u[t]!];
    const date = `${1900 + Math.floor(t / 12)}-${String((t % 12) + 1).padStart(2, "0")}-01`;
    for (const h of [0, 1]) {
      z[h] = phi * z[h]! + c * eps[h]!;
      rows.push({ hydroId: h, date, valueM3s: LEVEL[h]! + SCALE[h]! * z[h]! });
    }
  }
  return rows.sort((a, b) => a.hydroId - b.hydroId || a.date.localeCompare(b.date));
}

let base: Case;
let history: Scenarios["inflowHistory"];
let stageIds: number[];
let userStats: Scenarios["inflowSeasonalStats"];
let userAr: InflowArCoefficient[];
let userAnnual: InflowAnnualComponent[];

beforeAll(async () => {
  const loaded = await loadCase(d12);
  if (!loaded.ok) throw new Error(loaded.error.message);
  base = loaded.value;
  history = syntheticHistory();
  stageIds = [...base.system.preStudyStages, ...base.system.stages].map((s) => s.id);
  userStats = [0, 1].flatMap((h) =>
    stageIds.map((s) => ({ hydroId: h, stageId: s, meanM3s: 100 + 10 * h, stdM3s: 10 })),
  );
  userAr = [0, 1].flatMap((h) =>
    stageIds.map((s) => ({ hydroId: h, stageId: s, lag: 1, coefficient: 0.3, residualStdRatio: 0.9 })),
  );
  userAnnual = [0, 1].flatMap((h) =>
    base.system.stages.map((s) => ({
      hydroId: h,
      stageId: s.id,
      annualCoefficient: 0.1,
      annualMeanM3s: 100,
      annualStdM3s: 5,
    })),
  );
});

/** The template with only the given scenario files (and `order_selection`). */
function caseWith(files: Partial<Scenarios>, orderSelection: "pacf" | "pacf_annual" = "pacf"): Case {
  return {
    ...base,
    config: { ...base.config, estimation: { ...base.config.estimation, orderSelection } },
    scenarios: {
      ...base.scenarios,
      inflowHistory: [],
      inflowSeasonalStats: [],
      inflowArCoefficients: [],
      inflowAnnualComponents: [],
      correlation: null,
      ...files,
    },
  };
}

function inputs(c: Case): InflowModelInputs {
  const r = inflowModelInputs(c);
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

/** The fit the engine must have made: every hydro's history, the case's estimation settings. */
function directFit(orderSelection: "pacf" | "pacf_annual") {
  const e = base.config.estimation;
  const fit = fitPar(
    [0, 1].map((h) => ({ hydroId: h, observations: history.filter((r) => r.hydroId === h) })),
    {
      maxOrder: e.maxOrder,
      orderSelection,
      minObservationsPerSeason: e.minObservationsPerSeason,
      maxCoefficientMagnitude: e.maxCoefficientMagnitude,
    },
  );
  if (!fit.ok) throw new Error(fit.error.message);
  return fit.value;
}

/** Population mean and std of hydro h's observations of calendar month m (0-based). */
function monthStats(h: number, m: number): { mean: number; std: number } {
  const v = history.filter((r) => r.hydroId === h && Number(r.date.slice(5, 7)) === m + 1).map((r) => r.valueM3s);
  const mean = v.reduce((a, b) => a + b, 0) / v.length;
  return { mean, std: Math.sqrt(v.reduce((a, b) => a + (b - mean) ** 2, 0) / v.length) };
}

const rho01 = (m: CorrelationModel | undefined) => m?.profiles.default?.correlationGroups[0]?.matrix[0]?.[1];

describe("estimation path resolution", () => {
  it("maps the eight file combinations to the book's seven paths", () => {
    const p = (history: boolean, seasonalStats: boolean, arCoefficients: boolean) =>
      resolveEstimationPath({ history, seasonalStats, arCoefficients });
    expect(p(false, false, false)).toBe("deterministic");
    expect(p(false, false, true)).toBe("deterministic");
    expect(p(false, true, false)).toBe("user_stats_white_noise");
    expect(p(false, true, true)).toBe("user_provided_no_history");
    expect(p(true, false, false)).toBe("full_estimation");
    expect(p(true, false, true)).toBe("user_ar_history_stats");
    expect(p(true, true, false)).toBe("partial_estimation");
    expect(p(true, true, true)).toBe("user_provided_all");
  });

  it("path 1: AR coefficients alone drive nothing", () => {
    const v = inputs(caseWith({ inflowArCoefficients: userAr, inflowAnnualComponents: userAnnual }));
    expect(v.estimationPath).toBe("deterministic");
    expect(v.seasonalStats).toEqual([]);
    expect(v.arCoefficients).toEqual([]);
    expect(v.annualComponents).toEqual([]);
    expect(v.estimatedCorrelation).toBeUndefined();
  });

  it("path 2: user statistics, white noise, the user's annual component folded into 12 lags", () => {
    const c = caseWith({ inflowSeasonalStats: userStats, inflowAnnualComponents: userAnnual });
    const v = inputs(c);
    expect(v.estimationPath).toBe("user_stats_white_noise");
    expect(v.seasonalStats).toEqual(userStats);
    expect(v.arCoefficients).toEqual([]);
    expect(v.annualComponents).toEqual(userAnnual);
    expect(v.estimated).toEqual({ seasonalStats: false, arCoefficients: false, annualComponent: false });
    expect(v.estimatedCorrelation).toBeUndefined();
    // Every stage reads 12 lags, each with ψ̂/12 = (0.1·10/5)/12; base = μ − Σ (ψ̂/12)·μ_lag = 100 − 0.2·100.
    const si = buildScenarioInputs(c, 1);
    if (!si.ok) throw new Error(si.error.message);
    expect(si.value.lagOrder).toBe(12);
    for (let k = 0; k < 12; k++) expect(si.value.inflowLagCoefficient[k]).toBeCloseTo(0.2 / 12, 14);
    expect(si.value.inflowBase[0]).toBeCloseTo(80, 12);
    expect(si.value.inflowBase[1]).toBeCloseTo(110 - 0.2 * 110, 12);
  });

  it("path 3: user statistics and coefficients (residual ratio defaulting to 1)", () => {
    const noRatio = userAr.map((r) => ({ ...r, residualStdRatio: null }));
    const v = inputs(
      caseWith({ inflowSeasonalStats: userStats, inflowArCoefficients: noRatio, inflowAnnualComponents: userAnnual }),
    );
    expect(v.estimationPath).toBe("user_provided_no_history");
    expect(v.seasonalStats).toEqual(userStats);
    expect(v.arCoefficients).toEqual(userAr.map((r) => ({ ...r, residualStdRatio: 1 })));
    expect(v.annualComponents).toEqual(userAnnual);
  });

  it("path 4: everything fitted from the history; the user's annual file is overwritten", () => {
    const v = inputs(caseWith({ inflowHistory: history, inflowAnnualComponents: userAnnual }));
    expect(v.estimationPath).toBe("full_estimation");
    expect(v.estimated).toEqual({ seasonalStats: true, arCoefficients: true, annualComponent: false });
    for (const h of [0, 1]) {
      for (const stage of [-2, 0, 13]) {
        const season = [...base.system.preStudyStages, ...base.system.stages].find((s) => s.id === stage)!.seasonId!;
        const row = v.seasonalStats.find((r) => r.hydroId === h && r.stageId === stage)!;
        const expected = monthStats(h, season);
        expect(row.meanM3s).toBeCloseTo(expected.mean, 9);
        expect(row.stdM3s).toBeCloseTo(expected.std, 9);
      }
    }
    const fit = directFit("pacf");
    for (const h of [0, 1]) {
      for (const s of base.system.stages) {
        const coefficients = v.arCoefficients
          .filter((r) => r.hydroId === h && r.stageId === s.id)
          .sort((a, b) => a.lag - b.lag)
          .map((r) => r.coefficient);
        expect(coefficients).toEqual(Array.from(fit.hydros[h]!.seasons[s.seasonId!]!.coefficients));
      }
    }
    // The construction's lag-1 persistence comes back on average.
    const lag1 = v.arCoefficients.filter((r) => r.lag === 1 && r.stageId >= 0 && r.stageId < 12);
    const mean = lag1.reduce((a, r) => a + r.coefficient, 0) / lag1.length;
    expect(mean).toBeGreaterThan(0.5);
    expect(v.annualComponents).toEqual([]);
    // Spatial correlation from the PAR residuals: close to the construction's 0.6.
    expect(rho01(v.estimatedCorrelation)).toBeGreaterThan(RHO - 0.05);
    expect(rho01(v.estimatedCorrelation)).toBeLessThan(RHO + 0.05);
    expect(v.estimatedCorrelation?.method).toBe("spectral");
    expect(v.estimatedCorrelation?.schedule?.find((s) => s.stageId === 13)?.profileName).toBe("season_01");
  });

  it('path 4 with "pacf_annual": the fitted annual component is in force', () => {
    const v = inputs(caseWith({ inflowHistory: history, inflowAnnualComponents: userAnnual }, "pacf_annual"));
    expect(v.estimated).toEqual({ seasonalStats: true, arCoefficients: true, annualComponent: true });
    const fit = directFit("pacf_annual");
    for (const h of [0, 1]) {
      for (const s of base.system.stages) {
        const row = v.annualComponents?.find((r) => r.hydroId === h && r.stageId === s.id);
        const term = fit.hydros[h]!.seasons[s.seasonId!]!.annual!;
        expect(row).toEqual({
          hydroId: h,
          stageId: s.id,
          annualCoefficient: term.coefficient,
          annualMeanM3s: term.meanM3s,
          annualStdM3s: term.stdM3s,
        });
      }
    }
    const si = buildScenarioInputs(caseWith({ inflowHistory: history }, "pacf_annual"), 1);
    if (!si.ok) throw new Error(si.error.message);
    expect(si.value.lagOrder).toBe(12);
  });

  it("path 5: statistics fitted, the user's coefficients kept, the annual file dropped", () => {
    const v = inputs(
      caseWith(
        { inflowHistory: history, inflowArCoefficients: userAr, inflowAnnualComponents: userAnnual },
        "pacf_annual",
      ),
    );
    expect(v.estimationPath).toBe("user_ar_history_stats");
    expect(v.estimated).toEqual({ seasonalStats: true, arCoefficients: false, annualComponent: false });
    expect(v.arCoefficients).toEqual(userAr);
    expect(v.annualComponents).toEqual([]);
    const jan = v.seasonalStats.find((r) => r.hydroId === 1 && r.stageId === 12)!;
    expect(jan.meanM3s).toBeCloseTo(monthStats(1, 0).mean, 9);
    expect(jan.stdM3s).toBeCloseTo(monthStats(1, 0).std, 9);
    // Residuals taken against the user's ψ* = 0.3 and the fitted statistics.
    const fit = directFit("pacf");
    const expected = estimateResidualCorrelation(
      fit.hydros.map((h) => ({
        hydroId: h.hydroId,
        observations: history.filter((r) => r.hydroId === h.hydroId),
        mean: h.seasons.map((s) => s.mean),
        std: h.seasons.map((s) => s.std),
        coefficients: h.seasons.map(() => [0.3]),
      })),
      MONTHLY_CALENDAR,
      base.system.stages.map((s) => ({ id: s.id, seasonId: s.seasonId! })),
    );
    expect(rho01(v.estimatedCorrelation)).toBe(expected.profiles.default!.groups[0]!.matrix[0]![1]);
    // ψ* = 0.3 leaves part of the PAR(1) persistence in the residuals; still correlated.
    expect(rho01(v.estimatedCorrelation)).toBeGreaterThan(0.4);
  });

  it("path 6: the user's statistics, coefficients fitted with the history's own statistics", () => {
    const full = inputs(caseWith({ inflowHistory: history }));
    const v = inputs(
      caseWith({ inflowHistory: history, inflowSeasonalStats: userStats, inflowAnnualComponents: userAnnual }),
    );
    expect(v.estimationPath).toBe("partial_estimation");
    expect(v.estimated).toEqual({ seasonalStats: false, arCoefficients: true, annualComponent: false });
    expect(v.seasonalStats).toEqual(userStats);
    // The YW solve used the fitting statistics, so ψ* equals the full estimation's.
    expect(v.arCoefficients).toEqual(full.arCoefficients);
    expect(v.annualComponents).toEqual([]);
    expect(v.estimatedCorrelation).toEqual(full.estimatedCorrelation);
    const annual = inputs(caseWith({ inflowHistory: history, inflowSeasonalStats: userStats }, "pacf_annual"));
    expect(annual.estimated?.annualComponent).toBe(true);
    expect(annual.annualComponents?.length).toBeGreaterThan(0);
  });

  it("path 7: every parameter from the user; the history is not re-consumed", () => {
    const v = inputs(
      caseWith({
        inflowHistory: history,
        inflowSeasonalStats: userStats,
        inflowArCoefficients: userAr,
        inflowAnnualComponents: userAnnual,
      }),
    );
    expect(v.estimationPath).toBe("user_provided_all");
    expect(v.seasonalStats).toEqual(userStats);
    expect(v.arCoefficients).toEqual(userAr);
    expect(v.annualComponents).toEqual(userAnnual);
    expect(v.estimated).toEqual({ seasonalStats: false, arCoefficients: false, annualComponent: false });
    expect(v.estimatedCorrelation).toBeUndefined();
  });
});

describe("d12-par-annual", () => {
  it("fits PAR(p)-A from its history and plans 12 lag slots", () => {
    const v = inputs(base);
    expect(v.estimationPath).toBe("full_estimation");
    expect(v.estimated).toEqual({ seasonalStats: true, arCoefficients: true, annualComponent: true });
    // One annual term per (hydro, stage), study and pre-study.
    expect(v.annualComponents?.length).toBe(2 * stageIds.length);
    expect(v.estimatedCorrelation?.profiles.default?.correlationGroups[0]?.entities.map((e) => e.id)).toEqual([0, 1]);
    const si = buildScenarioInputs(base, 1);
    if (!si.ok) throw new Error(si.error.message);
    expect(si.value.lagOrder).toBe(12);
    expect(si.value.correlation).toBeDefined();
  });
});

describe("estimated correlation", () => {
  it("feeds the opening tree exactly as the same model given in correlation.json", () => {
    const estimatedCase = caseWith({ inflowHistory: history });
    const estimated = inputs(estimatedCase).estimatedCorrelation!;
    const a = buildScenarioInputs(estimatedCase, 5);
    const b = buildScenarioInputs(caseWith({ inflowHistory: history, correlation: estimated }), 5);
    const none = buildScenarioInputs(
      caseWith({
        inflowHistory: history,
        correlation: {
          method: "spectral",
          profiles: { default: { correlationGroups: [] } },
          schedule: null,
        },
      }),
      5,
    );
    if (!a.ok || !b.ok || !none.ok) throw new Error("scenario inputs");
    expect(a.value.correlation).toBeDefined();
    expect(a.value.openings).toEqual(b.value.openings);
    expect(a.value.openings).not.toEqual(none.value.openings);
  });

  it("yields to correlation.json, which wins on every path", () => {
    const given: CorrelationModel = {
      method: "spectral",
      profiles: {
        default: {
          correlationGroups: [
            {
              name: "g",
              entities: [
                { type: "inflow", id: 0 },
                { type: "inflow", id: 1 },
              ],
              matrix: [
                [1, -0.2],
                [-0.2, 1],
              ],
            },
          ],
        },
      },
      schedule: null,
    };
    const v = inputs(caseWith({ inflowHistory: history, correlation: given }));
    expect(v.estimatedCorrelation).toBeUndefined();
  });
});
