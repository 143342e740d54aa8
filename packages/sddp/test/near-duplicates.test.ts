import { describe, expect, it } from "vitest";
import { CutPool } from "../src/cuts/cut-pool";
import { findNearDuplicate } from "../src/cuts/near-duplicates";

describe("near-duplicate cuts", () => {
  const pool = new CutPool(3);
  pool.add(1e9, [120.5, -3, 0], 1, 0);
  pool.add(5e8, [80, -2, 1e-12], 1, 1);
  pool.add(2e9, [10, 10, 10], 2, 0, false);

  it.each([
    { what: "the same cut", alpha: 1e9, beta: [120.5, -3, 0], found: 0 },
    {
      what: "round-off apart (1e-12 relative)",
      alpha: 1e9 * (1 + 1e-12),
      beta: [120.5 * (1 - 1e-12), -3, 1e-13],
      found: 0,
    },
    { what: "a lower intercept within tolerance", alpha: 5e8 - 0.1, beta: [80, -2, 0], found: 1 },
    { what: "a higher intercept beyond tolerance (it dominates)", alpha: 1e9 + 10, beta: [120.5, -3, 0], found: -1 },
    { what: "a coefficient beyond tolerance", alpha: 1e9, beta: [120.5 + 1e-6, -3, 0], found: -1 },
    {
      what: "a twin of an inactive cut (selection dropped it; the new one is kept)",
      alpha: 2e9,
      beta: [10, 10, 10],
      found: -1,
    },
  ])("$what → $found", ({ alpha, beta, found }) => {
    expect(findNearDuplicate(pool, alpha, beta)).toBe(found);
  });
});
