/** policy_graph of stages.json: per-transition discount overrides and the unsupported cyclic type. */
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Case } from "@cobre/core";
import { loadCase } from "@cobre/io";
import { train } from "@cobre/sddp";
import { describe, expect, it } from "vitest";
import { discountFactors } from "../src/training/discount";
import { stage } from "./lp-fixture";

const here = path.dirname(fileURLToPath(import.meta.url));
const d25 = path.resolve(here, "../../../../shared/cobre-reference/examples/deterministic/d25-discount-rate");

describe("discount factors", () => {
  it("use the override of the transition leaving a stage, else the global rate", () => {
    const s0 = { ...stage(), id: 0, startDate: "2024-01-01", endDate: "2024-02-01" };
    const s1 = { ...stage(), id: 1, index: 1, startDate: "2024-02-01", endDate: "2024-03-01" };
    const { oneStep, cumulative } = discountFactors([s0, s1], {
      annualDiscountRate: 0.1,
      transitions: [
        { sourceId: 0, targetId: 1, probability: 1, annualDiscountRateOverride: null },
        { sourceId: 1, targetId: 2, probability: 1, annualDiscountRateOverride: 0.2 },
      ],
    });
    expect(oneStep[0]).toBeCloseTo(1 / 1.1 ** (31 / 365.25), 15);
    expect(oneStep[1]).toBeCloseTo(1 / 1.2 ** (29 / 365.25), 15);
    expect(cumulative[1]).toBeCloseTo(oneStep[0]!, 15);
  });
});

describe("policy graph in training", () => {
  async function d25Case(): Promise<Case> {
    const loaded = await loadCase(d25);
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.error.errors));
    return loaded.value;
  }

  it("zero overrides on every transition train exactly like a zero global rate", async () => {
    const c = await d25Case();
    const pg = c.system.policyGraph;
    expect(pg.annualDiscountRate).toBeGreaterThan(0);
    const zeroRate: Case = { ...c, system: { ...c.system, policyGraph: { ...pg, annualDiscountRate: 0 } } };
    const overridden: Case = {
      ...c,
      system: {
        ...c.system,
        policyGraph: {
          ...pg,
          transitions: c.system.stages.map((s) => ({
            sourceId: s.id,
            targetId: s.id + 1,
            probability: 1,
            annualDiscountRateOverride: 0,
          })),
        },
      },
    };
    const [a, b, discounted] = await Promise.all([train(zeroRate), train(overridden), train(c)]);
    if (!a.ok || !b.ok || !discounted.ok) throw new Error("training failed");
    expect(b.value.finalLowerBound).toBe(a.value.finalLowerBound);
    // And the overrides really matter: the discounted study is cheaper in present value.
    expect(discounted.value.finalLowerBound).toBeLessThan(a.value.finalLowerBound - 1);
  });

  it("refuses a cyclic policy graph instead of solving it as a finite horizon", async () => {
    const c = await d25Case();
    const cyclic: Case = {
      ...c,
      system: { ...c.system, policyGraph: { ...c.system.policyGraph, type: "cyclic" } },
    };
    const r = await train(cyclic);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.kind).toBe("InvalidOptions");
      expect(r.error.message).toContain("cyclic");
    }
  });
});
