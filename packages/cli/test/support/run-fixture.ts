/**
 * A real run's output directory for the report/summary/plot tests: examples/hydro-tiny,
 * shortened (8 iterations, 20 simulation scenarios), run in-process with `runStudy` into a
 * temporary directory (a second or two, no child process).
 */
import path from "node:path";
import { loadCase } from "@cobre/io";
import { runStudy } from "@cobre/sddp";
import { trimmedCase } from "@cobre/test-support";

export interface RunFixture {
  readonly caseDir: string;
  readonly outputDir: string;
  /** What the run itself reported, for cross-checks. */
  readonly run: {
    readonly finalLowerBound: number;
    readonly finalUpperBound: number;
    readonly finalGap: number;
    readonly totalCuts: number;
    readonly meanCost: number;
    readonly stdCost: number;
  };
}

/** Copies `examples/<name>` to a temp dir and shortens its config.json. */
function shortenedCase(name: string, iterations: number, scenarios: number): string {
  return trimmedCase(name, { iterations, scenarios });
}

export async function makeRunFixture(): Promise<RunFixture> {
  const caseDir = shortenedCase("hydro-tiny", 8, 20);
  const outputDir = path.join(caseDir, "output");
  const loaded = await loadCase(caseDir);
  if (!loaded.ok) throw new Error(loaded.error.errors[0]?.message);
  const r = await runStudy(loaded.value, { outputDir });
  if (!r.ok) throw new Error(r.error.message);
  const t = r.value.training!;
  const s = r.value.simulation!;
  return {
    caseDir,
    outputDir,
    run: {
      finalLowerBound: t.finalLowerBound,
      finalUpperBound: t.finalUpperBound,
      finalGap: t.finalGap,
      totalCuts: t.pools.reduce((a, p) => a + p.size, 0),
      meanCost: s.meanCost,
      stdCost: s.stdCost,
    },
  };
}
