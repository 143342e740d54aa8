import { loadSolver, solverVersion } from "@cobre/solver";
import { describe, expect, it } from "vitest";

describe("loadSolver", () => {
  it("loads HiGHS once per thread and reports its version", async () => {
    const [a, b] = await Promise.all([loadSolver(), loadSolver()]);
    expect(a).toBe(b);
    expect(await loadSolver()).toBe(a);
    expect(a.version.highs).toMatch(/^1\.15\.\d+$/);
    expect(solverVersion()).toBe(a.version.highs);
    expect(a.version.gitHash).toMatch(/^[0-9a-f]+$/);
  });
});
