import { readFileSync } from "node:fs";
import path from "node:path";
import {
  type ParStage,
  buildParModel,
  evaluateInflow,
  evaluateInflows,
  lagIndex,
  parIndex,
  shiftLags,
  solveInflowNoise,
} from "@cobre/stochastic";
import { describe, expect, it } from "vitest";

const EXAMPLES = path.resolve(__dirname, "../../../../shared/cobre-reference/examples");

interface StagesJson {
  stages: { id: number; season_id?: number; num_scenarios: number }[];
  pre_study_stages?: { id: number; season_id?: number }[];
}
function readStages(caseDir: string): { stages: ParStage[]; pre: ParStage[] } {
  const json = JSON.parse(readFileSync(path.join(EXAMPLES, caseDir, "stages.json"), "utf8")) as StagesJson;
  const toStage = (s: { id: number; season_id?: number }): ParStage =>
    s.season_id === undefined ? { id: s.id } : { id: s.id, seasonId: s.season_id };
  return { stages: json.stages.map(toStage), pre: (json.pre_study_stages ?? []).map(toStage) };
}

describe("buildParModel", () => {
  it("converts standardized AR(1) coefficients with a pre-study lag stage", () => {
    // μ_{-1}=80, s_{-1}=10; stage 0: μ=100, s=20, ψ*=0.6, ratio 0.8.
    const r = buildParModel({
      hydroIds: [7],
      stages: [{ id: 0 }, { id: 1 }],
      seasonalStats: [
        { hydroId: 7, stageId: -1, meanM3s: 80, stdM3s: 10 },
        { hydroId: 7, stageId: 0, meanM3s: 100, stdM3s: 20 },
        { hydroId: 7, stageId: 1, meanM3s: 50, stdM3s: 5 },
      ],
      arCoefficients: [{ hydroId: 7, stageId: 0, lag: 1, coefficient: 0.6, residualStdRatio: 0.8 }],
    });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const m = r.value;
    expect(m.maxOrder).toBe(1);
    expect(Array.from(m.order)).toEqual([1]);
    expect(Array.from(m.stageOrder)).toEqual([1, 0]);
    // ψ = 0.6·20/10 = 1.2; base = 100 − 1.2·80 = 4; σ = 20·0.8 = 16.
    expect(m.lagCoefficient[lagIndex(m, 0, 0, 1)]).toBeCloseTo(1.2, 12);
    expect(m.base[parIndex(m, 0, 0)]).toBeCloseTo(4, 12);
    expect(m.noiseScale[parIndex(m, 0, 0)]).toBeCloseTo(16, 12);
    // White-noise stage: base = mean, scale = std.
    expect(m.base[parIndex(m, 1, 0)]).toBe(50);
    expect(m.noiseScale[parIndex(m, 1, 0)]).toBe(5);
    // Inflow at lag 90 and η = 0.5: 4 + 1.2·90 + 16·0.5 = 120.
    expect(evaluateInflow(m, 0, 0, [90], 0.5)).toBeCloseTo(120, 12);
    // Standardized check: z_t = ψ* z_{t−1} + ratio·η ⇒ (120−100)/20 = 0.6·(90−80)/10 + 0.8·0.5.
    expect((120 - 100) / 20).toBeCloseTo(0.6 * 1 + 0.8 * 0.5, 12);
    expect(solveInflowNoise(m, 0, 0, [90], 0)).toBeCloseTo(-112 / 16, 12);
  });

  it("reproduces d19-multi-hydro-par (PAR(2), lag stats from the season of pre-study stages)", () => {
    const { stages, pre } = readStages("deterministic/d19-multi-hydro-par");
    // Rows of d19's scenarios/*.parquet (read with a Parquet tool; this package has no Parquet reader).
    const seasonalStats = [0, 1, 2].flatMap((t) => [
      { hydroId: 0, stageId: t, meanM3s: 40, stdM3s: 0.001 },
      { hydroId: 1, stageId: t, meanM3s: 25, stdM3s: 0.001 },
    ]);
    const arCoefficients = [0, 1, 2].flatMap((t) => [
      { hydroId: 0, stageId: t, lag: 1, coefficient: 0.5, residualStdRatio: 1 },
      { hydroId: 0, stageId: t, lag: 2, coefficient: 0.3, residualStdRatio: 1 },
      { hydroId: 1, stageId: t, lag: 1, coefficient: 0.4, residualStdRatio: 1 },
      { hydroId: 1, stageId: t, lag: 2, coefficient: 0.2, residualStdRatio: 1 },
    ]);
    const r = buildParModel({ hydroIds: [0, 1], stages, preStudyStages: pre, seasonalStats, arCoefficients });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const m = r.value;
    expect(m.nStages).toBe(3);
    expect(m.maxOrder).toBe(2);
    // base = μ(1 − ψ1 − ψ2): 40·0.2 = 8 and 25·0.4 = 10.
    expect(m.base[parIndex(m, 0, 0)]).toBeCloseTo(8, 10);
    expect(m.base[parIndex(m, 0, 1)]).toBeCloseTo(10, 10);
    // past_inflows of initial_conditions.json, most recent first: [50, 45] and [30, 28].
    const lags = new Float64Array([50, 30, 45, 28]); // lag-major: [lag1 h0, lag1 h1, lag2 h0, lag2 h1]
    const out = new Float64Array(2);
    evaluateInflows(m, 0, lags, new Float64Array([0, 0]), out);
    expect(out[0]).toBeCloseTo(8 + 0.5 * 50 + 0.3 * 45, 10); // 46.5
    expect(out[1]).toBeCloseTo(10 + 0.4 * 30 + 0.2 * 28, 10); // 27.6
    shiftLags(m, lags, out);
    expect(Array.from(lags)).toEqual([out[0], out[1], 50, 30]);
    evaluateInflows(m, 1, lags, new Float64Array([1, -1]), out);
    expect(out[0]).toBeCloseTo(8 + 0.5 * 46.5 + 0.3 * 50 + 0.001, 10);
    expect(out[1]).toBeCloseTo(10 + 0.4 * 27.6 + 0.2 * 30 - 0.001, 10);
  });

  it("reproduces d16-par1-lag-shift (stage −1 statistics given directly)", () => {
    const { stages, pre } = readStages("deterministic/d16-par1-lag-shift");
    const r = buildParModel({
      hydroIds: [0],
      stages,
      preStudyStages: pre,
      seasonalStats: [-1, 0, 1, 2].map((t) => ({ hydroId: 0, stageId: t, meanM3s: 100, stdM3s: 1e-10 })),
      arCoefficients: [0, 1, 2].map((t) => ({ hydroId: 0, stageId: t, lag: 1, coefficient: 0.5, residualStdRatio: 1 })),
    });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(Array.from(r.value.base)).toEqual([50, 50, 50]);
    expect(evaluateInflow(r.value, 0, 0, [200], 0)).toBeCloseTo(150, 12);
  });

  it("infers the lag season cyclically when the lag stage is unknown", () => {
    const r = buildParModel({
      hydroIds: [1],
      stages: [
        { id: 0, seasonId: 0 },
        { id: 1, seasonId: 1 },
        { id: 2, seasonId: 2 },
      ],
      seasonsPerCycle: 3,
      seasonalStats: [
        { hydroId: 1, stageId: 0, meanM3s: 10, stdM3s: 1 },
        { hydroId: 1, stageId: 1, meanM3s: 20, stdM3s: 2 },
        { hydroId: 1, stageId: 2, meanM3s: 30, stdM3s: 4 },
      ],
      arCoefficients: [{ hydroId: 1, stageId: 0, lag: 1, coefficient: 0.5, residualStdRatio: 0.9 }],
    });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    // Lag of stage 0 is season 2 (stage 2's stats): ψ = 0.5·1/4, base = 10 − ψ·30.
    expect(r.value.lagCoefficient[0]).toBeCloseTo(0.125, 12);
    expect(r.value.base[0]).toBeCloseTo(10 - 0.125 * 30, 12);
  });

  it("reports missing or invalid data as typed errors", () => {
    const stats = [{ hydroId: 0, stageId: 0, meanM3s: 10, stdM3s: 1 }];
    const missing = buildParModel({ hydroIds: [0, 1], stages: [{ id: 0 }], seasonalStats: stats });
    expect(missing.ok ? "ok" : missing.error.kind).toBe("MissingData");
    const noLag = buildParModel({
      hydroIds: [0],
      stages: [{ id: 0 }],
      seasonalStats: stats,
      arCoefficients: [{ hydroId: 0, stageId: 0, lag: 1, coefficient: 0.5, residualStdRatio: 1 }],
    });
    expect(noLag.ok ? "ok" : noLag.error.kind).toBe("MissingData");
    const gap = buildParModel({
      hydroIds: [0],
      stages: [{ id: 0 }],
      seasonalStats: stats,
      arCoefficients: [{ hydroId: 0, stageId: 0, lag: 2, coefficient: 0.5, residualStdRatio: 1 }],
    });
    expect(gap.ok ? "ok" : gap.error.kind).toBe("InvalidParParameters");
    const zeroStd = buildParModel({
      hydroIds: [0],
      stages: [{ id: 0 }],
      seasonalStats: [
        { hydroId: 0, stageId: -1, meanM3s: 10, stdM3s: 1 },
        { hydroId: 0, stageId: 0, meanM3s: 10, stdM3s: 0 },
      ],
      arCoefficients: [{ hydroId: 0, stageId: 0, lag: 1, coefficient: 0.5, residualStdRatio: 1 }],
    });
    expect(zeroStd.ok ? "ok" : zeroStd.error.kind).toBe("InvalidParParameters");
    const badRatio = buildParModel({
      hydroIds: [0],
      stages: [{ id: 0 }],
      seasonalStats: [
        { hydroId: 0, stageId: -1, meanM3s: 10, stdM3s: 1 },
        { hydroId: 0, stageId: 0, meanM3s: 10, stdM3s: 1 },
      ],
      arCoefficients: [{ hydroId: 0, stageId: 0, lag: 1, coefficient: 0.5, residualStdRatio: 1.5 }],
    });
    expect(badRatio.ok ? "ok" : badRatio.error.kind).toBe("InvalidParParameters");
  });
});
