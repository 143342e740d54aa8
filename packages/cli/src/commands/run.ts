/**
 * `cobre run <CASE_DIR>`: load → validate → train → simulate → write. Progress on stderr
 * (live on a TTY, plain lines otherwise, nothing with --quiet); Ctrl-C stops at the next
 * iteration boundary, writes a consistent policy and outputs, and exits with 130.
 */
import { availableParallelism } from "node:os";
import path from "node:path";
import { loadCase } from "@cobre/io";
import { type RunError, runStudy } from "@cobre/sddp";
import { envelope } from "../envelope";
import { ExitCode } from "../exit-codes";
import { type OutputFormat, printJson, style } from "../output";
import { ProgressReporter, formatMoney, iterationLine } from "../progress";
import { UsageError } from "../args";

export interface RunFlags {
  readonly format: OutputFormat;
  readonly quiet: boolean;
  readonly output: string | undefined;
  readonly threads: string | undefined;
}

function exitCodeOf(e: RunError): number {
  switch (e.source) {
    case "solver":
      return ExitCode.Solver;
    case "io":
    case "policy":
      return ExitCode.Io;
    case "options":
      return ExitCode.Validation;
    default:
      return ExitCode.Internal;
  }
}

function parseThreads(value: string | undefined): number {
  if (value === undefined || value === "") return Math.max(1, Math.min(availableParallelism(), 8));
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`--threads must be a positive integer, got '${value}'`);
  return n;
}

export async function runCommand(caseDir: string, flags: RunFlags): Promise<number> {
  const threads = parseThreads(flags.threads);
  const outputDir = flags.output ?? path.join(caseDir, "output");
  const progress = new ProgressReporter(flags.quiet || flags.format === "json");
  const loaded = await loadCase(caseDir);
  if (!loaded.ok) {
    if (flags.format === "json") {
      printJson(envelope("run", ExitCode.Validation, null, loaded.error.errors, loaded.error.warnings));
    } else {
      for (const e of loaded.error.errors) {
        process.stderr.write(`${style.red("error")} [${e.kind}] ${e.message} ${style.dim(`(${e.context.file}${e.context.field ? ` · ${e.context.field}` : ""})`)}\n`);
      }
      process.stderr.write(`${caseDir}: the case is not valid (${loaded.error.errors.length} error(s)); see \`cobre validate ${caseDir}\`\n`);
    }
    return ExitCode.Validation;
  }
  const c = loaded.value;
  progress.header(
    `cobre run ${caseDir}: ${c.system.stages.length} stages, ${c.system.hydros.length} hydros, ${c.system.thermals.length} thermals, ${c.system.buses.length} buses, ${threads} worker(s)`,
  );
  const abort = new AbortController();
  let interrupts = 0;
  const onSigint = () => {
    interrupts++;
    if (interrupts > 1) process.exit(ExitCode.Interrupted);
    progress.info("\ninterrupt: stopping at the end of this iteration (Ctrl-C again to quit now)");
    abort.abort();
  };
  process.on("SIGINT", onSigint);
  let lastPhase = "";
  const result = await runStudy(c, {
    outputDir,
    numWorkers: threads,
    signal: abort.signal,
    onProgress: (e) => {
      if (e.phase !== lastPhase) {
        if (lastPhase !== "") progress.endLine();
        lastPhase = e.phase;
      }
      if (e.phase === "training") {
        progress.iteration({
          iteration: e.iteration,
          lowerBound: e.lowerBound,
          upperBoundMean: e.upperBound,
          ci95HalfWidth: e.ci95,
          gap: e.gap,
          iterationTimeMs: e.iterationTimeMs,
        });
      } else if (e.phase === "simulation") progress.simulation(e.scenariosComplete, e.scenariosTotal, e.elapsedMs);
    },
  });
  process.off("SIGINT", onSigint);
  progress.endLine();
  if (!result.ok) {
    const code = exitCodeOf(result.error);
    if (flags.format === "json") printJson(envelope("run", code, null, [result.error]));
    else {
      process.stderr.write(`${style.red("error")} [${result.error.kind}] ${result.error.message}\n`);
      if (result.error.suggestion !== undefined) process.stderr.write(`  hint: ${result.error.suggestion}\n`);
    }
    return code;
  }
  const r = result.value;
  const t = r.training;
  const code = r.interrupted ? ExitCode.Interrupted : ExitCode.Success;
  const data = {
    output_dir: r.outputDir,
    training:
      t === null
        ? null
        : {
            iterations: t.history.length,
            termination_reason: t.terminationReason,
            final_lower_bound: t.finalLowerBound,
            final_upper_bound: t.finalUpperBound,
            final_gap: t.finalGap,
            total_cuts: t.pools.reduce((a, p) => a + p.size, 0),
            total_time_ms: t.totalTimeMs,
            workers: t.workers,
          },
    simulation:
      r.simulation === null
        ? null
        : {
            scenarios: r.simulation.scenarios,
            resumed_scenarios: r.resumedScenarios,
            mean_cost: r.simulation.meanCost,
            std_cost: r.simulation.stdCost,
            ci_95: r.simulation.ci95HalfWidth,
            total_time_ms: r.simulation.totalTimeMs,
          },
  };
  if (flags.format === "json") {
    printJson(envelope("run", code, data));
    return code;
  }
  if (!flags.quiet && t !== null) {
    const last = t.history[t.history.length - 1];
    process.stdout.write(`${style.bold("Training")}  ${t.history.length} iterations, stopped by ${t.terminationReason}\n`);
    if (last !== undefined) process.stdout.write(`  ${iterationLine(last)}\n`);
    if (r.simulation !== null) {
      process.stdout.write(
        `${style.bold("Simulation")}  ${r.simulation.scenarios} scenarios, mean cost ${formatMoney(r.simulation.meanCost)} ± ${formatMoney(r.simulation.ci95HalfWidth)} (95% CI)\n`,
      );
    }
    process.stdout.write(`${style.bold("Outputs")}  ${r.outputDir}\n`);
  }
  return code;
}
