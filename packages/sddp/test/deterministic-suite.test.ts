import path from "node:path";
import { fileURLToPath } from "node:url";
import { loadCase } from "@cobre/io";
import { train } from "@cobre/sddp";
import { describe, expect, it } from "vitest";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "../../../../shared/cobre-reference/examples/deterministic");

/** Expected final lower bounds from ../shared/cobre-reference/README.md (absolute tolerances). */
const cases: [string, number, number][] = [
  ["d01-thermal-dispatch", 182500, 1e-6],
  ["d02-single-hydro", 23635000 / 9, 1e-4],
  ["d03-two-hydro-cascade", 4171000 / 3, 1e-4],
  ["d04-transmission", 5263443883 / 657, 1e-4],
  ["d05-fpha-constant-head", 23635000 / 9, 1e-6],
  ["d06-fpha-variable-head", 732952154 / 225, 1e-4],
  ["d09-multi-deficit", 80738000, 1e-6],
  ["d14-block-factors", 176900, 1e-4],
  ["d24-productivity-override", 23945000 / 9, 1e-4],
  ["d25-discount-rate", 2611454.584787283, 1e-4],
  ["d27-per-stage-thermal-cost", 10950000, 1e-4],
];

describe("deterministic suite: the lower bound reaches the analytic optimum", () => {
  it.each(cases)("%s reaches %d", async (name, expected, tol) => {
    const loaded = await loadCase(path.join(root, name));
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.error).slice(0, 2000));
    const trained = await train(loaded.value);
    if (!trained.ok) throw new Error(JSON.stringify(trained.error));
    expect(Math.abs(trained.value.finalLowerBound - expected)).toBeLessThanOrEqual(tol);
  });
});
