/**
 * A consumer of the installed tarballs (see ../packaging.test.ts): trains and simulates
 * a case with @cobre/sddp on two worker threads, then runs the whole study into an
 * output directory. Prints one JSON line. Compiled with tsc (module node16) outside the
 * workspace, so it only sees what npm installed.
 */
import { loadCase } from "@cobre/io";
import { runStudy, simulate, train } from "@cobre/sddp";

const [caseDir, outputDir] = process.argv.slice(2);
if (caseDir === undefined || outputDir === undefined) throw new Error("usage: consumer-sddp <case> <out>");

const loaded = await loadCase(caseDir);
if (!loaded.ok) throw new Error(`loadCase: ${loaded.error.message}`);

const trained = await train(loaded.value, { numWorkers: 2 });
if (!trained.ok) throw new Error(`train: ${trained.error.message}`);

const simulated = await simulate(loaded.value, trained.value, { numScenarios: 4, numWorkers: 2 });
if (!simulated.ok) throw new Error(`simulate: ${simulated.error.message}`);

const run = await runStudy(loaded.value, { outputDir });
if (!run.ok) throw new Error(`runStudy: ${run.error.message}`);

console.log(
  JSON.stringify({
    lowerBound: trained.value.finalLowerBound,
    iterations: trained.value.history.length,
    meanCost: simulated.value.meanCost,
    runLowerBound: run.value.training?.finalLowerBound ?? null,
  }),
);
