/** scenarios/correlation.json shapes the generated opening tree. */
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { loadCase } from "@cobre/io";
import { prepareStudy } from "../src/study/prepare-study";
import { describe, expect, it } from "vitest";

const here = path.dirname(fileURLToPath(import.meta.url));
const d03 = path.resolve(here, "../../../../shared/cobre-reference/examples/deterministic/d03-two-hydro-cascade");

function correlationOf(openings: Float64Array, dim: number, a: number, b: number): number {
  const n = openings.length / dim;
  let sa = 0,
    sb = 0,
    saa = 0,
    sbb = 0,
    sab = 0;
  for (let j = 0; j < n; j++) {
    const x = openings[j * dim + a]!;
    const y = openings[j * dim + b]!;
    sa += x;
    sb += y;
    saa += x * x;
    sbb += y * y;
    sab += x * y;
  }
  const cov = sab / n - (sa / n) * (sb / n);
  return cov / Math.sqrt((saa / n - (sa / n) ** 2) * (sbb / n - (sb / n) ** 2));
}

async function openingsWith(rho: number | null): Promise<Float64Array> {
  const dir = mkdtempSync(path.join(tmpdir(), "cobre-corr-"));
  cpSync(d03, dir, { recursive: true });
  const stages = JSON.parse(readFileSync(path.join(dir, "stages.json"), "utf8"));
  for (const s of stages.stages) s.num_scenarios = N;
  writeFileSync(path.join(dir, "stages.json"), JSON.stringify(stages));
  if (rho !== null) {
    writeFileSync(
      path.join(dir, "scenarios/correlation.json"),
      JSON.stringify({
        method: "cholesky",
        profiles: {
          default: {
            correlation_groups: [
              {
                name: "basin",
                entities: [
                  { type: "inflow", id: 0 },
                  { type: "inflow", id: 1 },
                ],
                matrix: [
                  [1, rho],
                  [rho, 1],
                ],
              },
            ],
          },
        },
      }),
    );
  }
  const loaded = await loadCase(dir);
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.error.errors));
  const study = prepareStudy(loaded.value);
  if (!study.ok) throw new Error(study.error.message);
  expect(study.value.inputs.noiseDim).toBe(2);
  return study.value.inputs.openings[0]!;
}

/** Draws per stage in `openingsWith`. */
const N = 2000;

/**
 * Standard error of a sample correlation of N bivariate normal draws with true
 * correlation ρ: (1 − ρ²)/√N (≈0.0043 at ρ = 0.9, 0.017 at −0.5, 0.022 at 0).
 */
const standardError = (rho: number) => (1 - rho * rho) / Math.sqrt(N);

describe("spatial correlation of the opening tree", () => {
  // Within 4 standard errors of the target (a wrong Cholesky factor, a transposed matrix or
  // a missing correlation is off by tens of standard errors).
  it.each([0.9, -0.5, null])(
    "gives the inflow noise of a basin the correlation of its matrix (ρ = %s)",
    async (rho) => {
      const r = correlationOf(await openingsWith(rho), 2, 0, 1);
      const target = rho ?? 0;
      expect(Math.abs(r - target)).toBeLessThan(4 * standardError(target));
    },
  );
});
