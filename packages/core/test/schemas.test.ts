import { byCanonicalId, hydrosFileSchema, isInService, penaltiesFileSchema, stagesFileSchema } from "@cobre/core";
import { describe, expect, it } from "vitest";

describe("raw schemas", () => {
  it("accepts an fpha hydro without productivity and rejects a constant one without it", () => {
    const base = {
      id: 0,
      name: "H",
      bus_id: 0,
      reservoir: { min_storage_hm3: 0, max_storage_hm3: 1 },
      outflow: { min_outflow_m3s: 0 },
    };
    const gen = { min_turbined_m3s: 0, max_turbined_m3s: 1, min_generation_mw: 0, max_generation_mw: 1 };
    expect(hydrosFileSchema.safeParse({ hydros: [{ ...base, generation: { model: "fpha", ...gen } }] }).success).toBe(
      true,
    );
    expect(
      hydrosFileSchema.safeParse({ hydros: [{ ...base, generation: { model: "constant_productivity", ...gen } }] })
        .success,
    ).toBe(false);
  });

  it("accepts both risk measure forms", () => {
    const stage = (risk_measure: unknown) => ({
      stages: [{ id: 0, start_date: "2024-01-01", end_date: "2024-02-01", blocks: [], num_scenarios: 1, risk_measure }],
      policy_graph: { type: "finite_horizon", annual_discount_rate: 0 },
    });
    expect(stagesFileSchema.safeParse(stage("expectation")).success).toBe(true);
    expect(stagesFileSchema.safeParse(stage({ cvar: { alpha: 0.5, lambda: 0.2 } })).success).toBe(true);
    expect(stagesFileSchema.safeParse(stage({ cvar: { alpha: 0.5 } })).success).toBe(false);
  });

  it("requires all four penalty sections", () => {
    expect(penaltiesFileSchema.safeParse({ bus: { deficit_segments: [], excess_cost: 1 } }).success).toBe(false);
  });
});

describe("system helpers", () => {
  it("sorts by id and treats entry/exit stages as inclusive", () => {
    expect(byCanonicalId([{ id: 3 }, { id: 1 }, { id: 2 }]).map((e) => e.id)).toEqual([1, 2, 3]);
    const e = { entryStageId: 2, exitStageId: 4 };
    expect([1, 2, 4, 5].map((s) => isInService(e, s))).toEqual([false, true, true, false]);
  });
});
