/** Summary statistics and relative differences used by the analyses. */
import { quantile, relativeDifference, summarize } from "@cobre/io";
import { describe, expect, it } from "vitest";

describe("analysis statistics", () => {
  it("summarises finite values with interpolated quantiles and sample std", () => {
    const s = summarize([4, null, 1, 3, 2, Number.NaN, 5]);
    expect(s).toMatchObject({ count: 5, mean: 3, min: 1, max: 5, p50: 3 });
    expect(s.std).toBeCloseTo(Math.sqrt(2.5), 12);
    expect(s.p5).toBeCloseTo(1.2, 12);
    expect(s.p95).toBeCloseTo(4.8, 12);
    expect(summarize([]).mean).toBeNull();
    expect(quantile(Float64Array.of(7), 0.95)).toBe(7);
  });

  it("measures relative differences with a floor of 1 in the denominator", () => {
    expect(relativeDifference(100, 101)).toBeCloseTo(1 / 101, 12);
    expect(relativeDifference(1e-9, -1e-9)).toBeCloseTo(2e-9, 15);
  });
});
