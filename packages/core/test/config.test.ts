import { DEFAULT_TREE_SEED, configFileSchema, resolveConfig } from "@cobre/core";
import { describe, expect, it } from "vitest";

const minimal = { training: { forward_passes: 4, stopping_rules: [{ type: "iteration_limit", limit: 10 }] } };

describe("resolveConfig", () => {
  it("applies the documented defaults to a minimal config", () => {
    const parsed = configFileSchema.safeParse(minimal);
    expect(parsed.success).toBe(true);
    if (!parsed.success) return;
    const c = resolveConfig(parsed.data);
    expect(c.training).toMatchObject({
      enabled: true,
      forwardPasses: 4,
      stoppingRules: [{ type: "iteration_limit", limit: 10 }],
      stoppingMode: "any",
      treeSeed: DEFAULT_TREE_SEED,
      cutFormulation: "single",
      solver: { retryMaxAttempts: null, retryTimeBudgetSeconds: null },
    });
    expect(c.training.cutSelection).toEqual({
      enabled: false,
      method: null,
      threshold: 0,
      checkFrequency: 1,
      cutActivityTolerance: 1e-6,
      memoryWindow: null,
      basisActivityWindow: 5,
      maxActivePerStage: null,
      dominationEpsilon: 1e-6,
    });
    expect(c.training.scenarioSource.inflow.scheme).toBe("in_sample");
    expect(c.simulation).toMatchObject({
      enabled: false,
      numScenarios: 2000,
      policyType: "outer",
      ioChannelCapacity: 64,
    });
    expect(c.modeling.inflowNonNegativity).toEqual({ method: "penalty", penaltyCost: 1000 });
    expect(c.policy).toMatchObject({ path: "./policy", mode: "fresh", validateCompatibility: true, boundary: null });
    expect(c.estimation).toEqual({
      maxOrder: 6,
      orderSelection: "pacf",
      minObservationsPerSeason: 30,
      maxCoefficientMagnitude: null,
    });
    expect(c.exports).toEqual({
      training: true,
      cuts: true,
      states: false,
      vertices: true,
      simulation: true,
      forwardDetail: false,
      backwardDetail: false,
      compression: null,
      stochastic: false,
    });
  });

  it("maps snake_case stopping rules and falls back to the training scenario source", () => {
    const raw = configFileSchema.parse({
      training: {
        forward_passes: 2,
        tree_seed: 7,
        stopping_rules: [
          { type: "simulation", replications: 5, period: 2, bound_window: 3, distance_tol: 0.1, bound_tol: 0.01 },
        ],
        scenario_source: { seed: 3, inflow: { scheme: "historical" } },
      },
    });
    const c = resolveConfig(raw);
    expect(c.training.treeSeed).toBe(7);
    expect(c.training.stoppingRules[0]).toEqual({
      type: "simulation",
      replications: 5,
      period: 2,
      boundWindow: 3,
      distanceTol: 0.1,
      boundTol: 0.01,
    });
    expect(c.simulation.scenarioSource.inflow.scheme).toBe("historical");
    expect(c.simulation.scenarioSource.seed).toBe(3);
  });

  it("rejects an unknown stopping rule type and a bad policy mode", () => {
    expect(configFileSchema.safeParse({ training: { stopping_rules: [{ type: "x" }] } }).success).toBe(false);
    expect(configFileSchema.safeParse({ ...minimal, policy: { mode: "hot" } }).success).toBe(false);
  });
});
