/** The compact table `cobre run` prints when a study ends (suppressed by --quiet). */
import type { RunSummary } from "@cobre/sddp";
import { formatCount, formatMoney, formatPercent, formatSeconds } from "../format";
import { style } from "../output";
import { heading, renderPairs } from "../table";

export function runSummaryText(r: RunSummary): string {
  const pairs: [string, string][] = [];
  const t = r.training;
  if (t !== null) {
    const last = t.history.at(-1);
    const ci = last !== undefined && last.ci95HalfWidth > 0 ? ` ± ${formatMoney(last.ci95HalfWidth)} (95% CI)` : "";
    pairs.push(
      ["Iterations", `${t.history.length}, stopped by ${t.terminationReason}`],
      ["Lower bound", formatMoney(t.finalLowerBound)],
      ["Upper bound", `${formatMoney(t.finalUpperBound)}${ci}`],
      ["Gap", formatPercent(100 * t.finalGap)],
      ["Cuts", formatCount(t.pools.reduce((a, p) => a + p.size, 0))],
      ["Training time", `${formatSeconds(t.totalTimeMs / 1000)} on ${t.workers} worker(s)`],
    );
  }
  const loaded = r.loadedPolicy;
  if (loaded !== null) {
    pairs.push(["Policy", `${loaded.path} (loaded, ${loaded.completedIterations} training iterations; not retrained)`]);
  }
  const s = r.simulation;
  if (s !== null) {
    pairs.push(
      ["Scenarios", `${s.scenarios}${r.resumedScenarios > 0 ? ` (${r.resumedScenarios} resumed)` : ""}`],
      [
        "Mean cost",
        `${formatMoney(s.meanCost)} ± ${formatMoney(s.ci95HalfWidth)} (95% CI), std ${formatMoney(s.stdCost)}`,
      ],
      ["Simulation time", formatSeconds(s.totalTimeMs / 1000)],
    );
  }
  pairs.push(["Outputs", r.outputDir]);
  const title = !r.interrupted
    ? ""
    : style.yellow(
        t === null || t.terminationReason === "shutdown"
          ? "interrupted: outputs are consistent up to the last iteration"
          : "interrupted during simulation: training outputs are complete; run again to resume the simulation",
      );
  return `${heading("Summary", title)}${renderPairs(pairs)}  ${style.dim(`details: cobre summary ${r.outputDir}`)}\n`;
}
