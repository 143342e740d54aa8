import path from "node:path";
import { fileURLToPath } from "node:url";
import { loadCase } from "@cobre/io";
import { train } from "@cobre/sddp";
import { describe, expect, it } from "vitest";
import { checkStopping } from "../src/training/stopping-rules";

const state = (over: Partial<Parameters<typeof checkStopping>[2]> = {}) => ({
  iteration: 5,
  elapsedSeconds: 1,
  lowerBounds: [10, 20, 25, 25.0001, 25.0001],
  simulationMeans: [] as number[],
  ...over,
});

describe("stopping rules", () => {
  it("iteration_limit triggers at the limit", () => {
    expect(checkStopping([{ type: "iteration_limit", limit: 5 }], "any", state())).toBe("iteration_limit");
    expect(checkStopping([{ type: "iteration_limit", limit: 6 }], "any", state())).toBeNull();
  });

  it("time_limit triggers once the wall time passes", () => {
    expect(checkStopping([{ type: "time_limit", seconds: 0.5 }], "any", state())).toBe("time_limit");
    expect(checkStopping([{ type: "time_limit", seconds: 2 }], "any", state())).toBeNull();
  });

  it("bound_stalling compares the bound with the one `iterations` back, relatively", () => {
    const rule = { type: "bound_stalling", iterations: 2, tolerance: 1e-4 } as const;
    expect(checkStopping([rule], "any", state())).toBe("bound_stalling"); // 25.0001 vs 25
    expect(checkStopping([{ ...rule, tolerance: 1e-7 }], "any", state())).toBeNull();
    expect(checkStopping([{ ...rule, iterations: 3 }], "any", state())).toBeNull(); // 25.0001 vs 20
  });

  it("simulation needs a stable policy cost and a stable bound", () => {
    const rule = {
      type: "simulation",
      replications: 10,
      period: 2,
      boundWindow: 1,
      distanceTol: 0.01,
      boundTol: 1e-4,
    } as const;
    expect(checkStopping([rule], "any", state({ simulationMeans: [100] }))).toBeNull();
    expect(checkStopping([rule], "any", state({ simulationMeans: [100, 100.5] }))).toBe("simulation");
    expect(checkStopping([rule], "any", state({ simulationMeans: [100, 110] }))).toBeNull();
  });

  it("`all` waits for every rule, but the iteration limit always caps the run", () => {
    const rules = [
      { type: "iteration_limit", limit: 5 },
      { type: "time_limit", seconds: 100 },
    ] as const;
    expect(checkStopping(rules, "all", state())).toBe("iteration_limit");
    expect(
      checkStopping(
        [
          { type: "iteration_limit", limit: 9 },
          { type: "time_limit", seconds: 0.1 },
        ],
        "all",
        state(),
      ),
    ).toBeNull();
    expect(
      checkStopping(
        [
          { type: "iteration_limit", limit: 9 },
          { type: "time_limit", seconds: 0.1 },
        ],
        "any",
        state(),
      ),
    ).toBe("time_limit");
  });
});

describe("the simulation stopping rule during training", () => {
  it("stops hydro-tiny once the evaluated policy cost and the bound settle", async () => {
    const here = path.dirname(fileURLToPath(import.meta.url));
    const loaded = await loadCase(path.resolve(here, "../../../examples/hydro-tiny"));
    if (!loaded.ok) throw new Error(loaded.error.message);
    const c = loaded.value;
    const r = await train({
      ...c,
      config: {
        ...c.config,
        training: {
          ...c.config.training,
          stoppingRules: [
            { type: "iteration_limit", limit: 80 },
            { type: "simulation", replications: 40, period: 4, boundWindow: 4, distanceTol: 0.05, boundTol: 1e-3 },
          ],
        },
      },
    });
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.terminationReason).toBe("simulation");
    expect(r.value.history.length % 4).toBe(0);
    expect(r.value.history.length).toBeLessThan(80);
  });
});
