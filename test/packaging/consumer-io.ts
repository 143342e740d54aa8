/**
 * A consumer that installs only @cobre/io (+ @cobre/core): validates a case, then reads
 * and verifies an output directory written by another program. Prints one JSON line.
 */
import { loadCase, readConvergence, readSimulation, validate, verifyOutputs } from "@cobre/io";

const [caseDir, outputDir] = process.argv.slice(2);
if (caseDir === undefined || outputDir === undefined) throw new Error("usage: consumer-io <case> <out>");

const report = await validate(caseDir);
const loaded = await loadCase(caseDir);
if (!loaded.ok) throw new Error(`loadCase: ${loaded.error.message}`);

const convergence = await readConvergence(outputDir);
if (!convergence.ok) throw new Error(`readConvergence: ${convergence.error.kind}`);
const lowerBounds = convergence.value.getChild("lower_bound")?.toArray() ?? [];

const costs = await readSimulation(outputDir, "costs", { scenarios: [0] });
if (!costs.ok) throw new Error(`readSimulation: ${costs.error.kind}`);

const verified = await verifyOutputs(outputDir, { system: loaded.value.system });

console.log(
  JSON.stringify({
    valid: report.valid,
    errors: report.errors.length,
    hydros: loaded.value.system.hydros.length,
    convergenceRows: convergence.value.numRows,
    lastLowerBound: Number(lowerBounds[lowerBounds.length - 1]),
    costRowsScenario0: costs.value.numRows,
    verifyOk: verified.ok,
    filesChecked: verified.filesChecked,
    issues: verified.issues,
  }),
);
