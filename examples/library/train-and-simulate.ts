/**
 * Using Cobre-TS as a library: load a case, train a policy on two worker threads,
 * simulate it and print a summary a planner can read.
 *
 *   pnpm build && pnpm example:library examples/hydro-tiny
 */
import { loadCase } from "@cobre/io";
import { CobreError, simulateCase, trainCase, unwrap } from "@cobre/sddp";

async function main(caseDir: string): Promise<void> {
  const loaded = await loadCase(caseDir);
  if (!loaded.ok) {
    for (const e of loaded.error.errors) console.error(`[${e.kind}] ${e.message} (${e.context.file})`);
    process.exitCode = 1;
    return;
  }
  const c = loaded.value;
  console.log(
    `${caseDir}: ${c.system.stages.length} stages, ${c.system.hydros.length} hydros, ${c.system.thermals.length} thermals`,
  );

  const trained = unwrap(
    await trainCase(c, {
      numWorkers: 2,
      onProgress: (e) => {
        if (e.phase === "training" && e.iteration % 10 === 0) {
          console.log(
            `  iteration ${e.iteration}: lower bound ${e.lowerBound.toFixed(0)}, gap ${(100 * e.gap).toFixed(2)}%`,
          );
        }
      },
    }),
  );
  console.log(
    `trained: ${trained.iterations} iterations (${trained.terminationReason}), ` +
      `lower bound ${trained.finalLowerBound.toFixed(0)}, ${trained.totalCuts} cuts`,
  );

  const simulated = unwrap(await simulateCase(trained, { numScenarios: 100, numWorkers: 2 }));
  console.log(
    `simulated ${simulated.scenarios} scenarios: mean cost ${simulated.meanCost.toFixed(0)} ± ${simulated.ci95.toFixed(0)} (95% CI)`,
  );
  for (const [component, stats] of simulated.componentStats) {
    if (Math.abs(stats.mean) > 1) console.log(`  ${component.padEnd(28)} mean ${stats.mean.toFixed(0)}`);
  }
}

main(process.argv[2] ?? "examples/hydro-tiny").catch((e: unknown) => {
  console.error(e instanceof CobreError ? `[${e.kind}] ${e.message}` : e);
  process.exitCode = 1;
});
