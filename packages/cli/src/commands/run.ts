/**
 * `cobre run <CASE_DIR>`: load → validate → train → simulate → write. Progress on stderr
 * (live on a TTY, plain lines otherwise, nothing with --quiet); Ctrl-C (SIGINT) or SIGTERM
 * stops at the next iteration boundary (or, in simulation, after the scenarios in flight),
 * leaves consistent outputs, and exits with 130 or 143.
 * With `--output-format json-lines`, stdout is a stream of events (started, progress,
 * simulation_progress, terminated, result; see ../json-lines) and nothing else.
 */
import { availableParallelism } from "node:os";
import path from "node:path";
import { loadCaseWithWarnings } from "@cobre/io";
import { type ClusterOptions, runStudyOnCluster } from "@cobre/cluster";
import { COBRE_VERSION, policyDirectory, type RunError, type RunWarning, runStudy } from "@cobre/sddp";
import { requireCaseDir } from "../case-dir";
import { envelope } from "../envelope";
import { ExitCode } from "../exit-codes";
import { emitEvent, finiteOrNull, printEnvelope } from "../json-lines";
import { type OutputFormat, style } from "../output";
import { ProgressReporter } from "../progress";
import { runSummaryText } from "../render/run-summary";
import { UsageError } from "../args";

export interface RunFlags {
  readonly format: OutputFormat;
  readonly quiet: boolean;
  readonly output: string | undefined;
  readonly threads: string | undefined;
  /** Run the tasks on the workers of this cluster instead of local threads. */
  readonly cluster?: ClusterOptions | undefined;
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
  const missing = await requireCaseDir("run", caseDir, flags.format);
  if (missing !== null) return missing;
  const outputDir = flags.output ?? path.join(caseDir, "output");
  const progress = new ProgressReporter(flags.quiet || flags.format !== "human");
  const lines = flags.format === "json-lines";
  const { result: loaded, warnings: validationWarnings } = await loadCaseWithWarnings(caseDir);
  if (!loaded.ok) {
    if (flags.format !== "human") {
      printEnvelope(
        flags.format,
        envelope("run", ExitCode.Validation, null, loaded.error.errors, loaded.error.warnings),
      );
    } else {
      for (const e of loaded.error.errors) {
        process.stderr.write(
          `${style.red("error")} [${e.kind}] ${e.message} ${style.dim(`(${e.context.file}${e.context.field ? ` · ${e.context.field}` : ""})`)}\n`,
        );
      }
      process.stderr.write(
        `${caseDir}: the case is not valid (${loaded.error.errors.length} error(s)); see \`cobre validate ${caseDir}\`\n`,
      );
    }
    return ExitCode.Validation;
  }
  const c = loaded.value;
  if (flags.format === "human") {
    for (const w of validationWarnings) {
      process.stderr.write(
        `${style.yellow("warning")} [${w.kind}] ${w.message} ${style.dim(`(${w.context.file}${w.context.field ? ` · ${w.context.field}` : ""})`)}\n`,
      );
    }
  }
  progress.header(
    `cobre run ${caseDir}: ${c.system.stages.length} stages, ${c.system.hydros.length} hydros, ${c.system.thermals.length} thermals, ${c.system.buses.length} buses, ${flags.cluster === undefined ? `${threads} worker(s)` : "on the cluster's workers"}`,
  );
  if (!c.config.training.enabled) {
    // As the Rust tool: no training, the saved policy at <output>/<policy.path> is simulated.
    progress.info(`training disabled: simulating the policy loaded from ${policyDirectory(c, outputDir)}`);
  }
  if (lines) {
    emitEvent({
      type: "started",
      case: caseDir,
      stages: c.system.stages.length,
      hydros: c.system.hydros.length,
      thermals: c.system.thermals.length,
      workers: threads,
      timestamp: new Date().toISOString(),
      cobre_version: COBRE_VERSION,
    });
  }
  // SIGINT (Ctrl-C) and SIGTERM (kill, a batch scheduler's stop) ask for a clean stop:
  // training ends at the iteration boundary, the simulation after the scenarios in
  // flight; outputs stay consistent and the exit code is 128 + the signal number. A
  // second signal quits at once.
  const abort = new AbortController();
  let stoppedBy: "SIGINT" | "SIGTERM" | null = null;
  const onSignal = (signal: "SIGINT" | "SIGTERM") => {
    const code = signal === "SIGINT" ? ExitCode.Interrupted : ExitCode.Terminated;
    if (stoppedBy !== null) process.exit(code);
    stoppedBy = signal;
    progress.info(
      `\n${signal === "SIGINT" ? "interrupt" : "terminate"}: stopping at the end of this iteration or the scenarios in flight (send it again to quit now)`,
    );
    abort.abort();
  };
  const onSigint = () => onSignal("SIGINT");
  const onSigterm = () => onSignal("SIGTERM");
  process.on("SIGINT", onSigint);
  process.on("SIGTERM", onSigterm);
  const runWarnings: RunWarning[] = [];
  let lastPhase = "";
  let lastPercent = -1;
  const study =
    flags.cluster === undefined
      ? runStudy
      : (cc: typeof c, o: Parameters<typeof runStudy>[1]) => runStudyOnCluster(cc, { ...o, cluster: flags.cluster! });
  const result = await study(c, {
    outputDir,
    numWorkers: threads,
    signal: abort.signal,
    onWarning: (w) => {
      runWarnings.push(w);
      if (flags.format === "human") {
        progress.endLine();
        process.stderr.write(`${style.yellow("warning")} [${w.kind}] ${w.message}\n`);
      }
    },
    onProgress: (e) => {
      if (e.phase !== lastPhase) {
        if (lastPhase !== "") progress.endLine();
        lastPhase = e.phase;
      }
      if (lines) {
        if (e.phase === "training") {
          emitEvent({
            type: "progress",
            iteration: e.iteration,
            lower_bound: finiteOrNull(e.lowerBound),
            upper_bound: finiteOrNull(e.upperBound),
            upper_bound_std: finiteOrNull(e.upperBoundStd),
            ci_95: finiteOrNull(e.ci95),
            gap: finiteOrNull(e.gap),
            wall_time_ms: e.wallTimeMs,
            iteration_time_ms: e.iterationTimeMs,
          });
        } else if (e.phase === "simulation") {
          // At most one line per percent: a 2,000-scenario simulation stays ~100 lines.
          const percent = Math.floor((100 * e.scenariosComplete) / Math.max(1, e.scenariosTotal));
          if (percent !== lastPercent || e.scenariosComplete === e.scenariosTotal) {
            lastPercent = percent;
            emitEvent({
              type: "simulation_progress",
              scenarios_complete: e.scenariosComplete,
              scenarios_total: e.scenariosTotal,
              elapsed_ms: e.wallTimeMs,
            });
          }
        }
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
      } else if (e.phase === "simulation") progress.simulation(e.scenariosComplete, e.scenariosTotal, e.wallTimeMs);
    },
  });
  process.off("SIGINT", onSigint);
  process.off("SIGTERM", onSigterm);
  progress.endLine();
  if (!result.ok) {
    const code = exitCodeOf(result.error);
    if (flags.format !== "human")
      printEnvelope(flags.format, envelope("run", code, null, [result.error], [...validationWarnings, ...runWarnings]));
    else {
      process.stderr.write(`${style.red("error")} [${result.error.kind}] ${result.error.message}\n`);
      if (result.error.suggestion !== undefined) process.stderr.write(`  hint: ${result.error.suggestion}\n`);
    }
    return code;
  }
  const r = result.value;
  const t = r.training;
  const code = !r.interrupted ? ExitCode.Success : stoppedBy === "SIGTERM" ? ExitCode.Terminated : ExitCode.Interrupted;
  // Engine warnings: approximations, fallbacks and options this engine does not implement
  // (validation warnings were printed before the run, run warnings as they came; the
  // envelope carries all).
  const warnings = [...validationWarnings, ...r.warnings, ...(t?.warnings ?? [])];
  if (flags.format === "human") {
    for (const w of [...r.warnings.filter((w) => !runWarnings.includes(w)), ...(t?.warnings ?? [])])
      process.stderr.write(`${style.yellow("warning")} [${w.kind}] ${w.message}\n`);
  }
  const simulated = r.loadedPolicy;
  const data = {
    output_dir: r.outputDir,
    // A simulation-only run has no training block, but the policy it simulated.
    ...(simulated !== null
      ? {
          policy: {
            path: simulated.path,
            completed_iterations: simulated.completedIterations,
            final_lower_bound: finiteOrNull(simulated.finalLowerBound),
          },
        }
      : {}),
    ...(t === null
      ? {}
      : {
          training: {
            iterations: t.history.length,
            termination_reason: t.terminationReason,
            final_lower_bound: t.finalLowerBound,
            final_upper_bound: t.finalUpperBound,
            final_gap: t.finalGap,
            total_cuts: t.pools.reduce((a, p) => a + p.size, 0),
            total_time_ms: t.totalTimeMs,
            workers: t.workers,
          },
        }),
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
  if (lines && t !== null) {
    emitEvent({
      type: "terminated",
      reason: t.terminationReason,
      iterations: t.history.length,
      final_lb: finiteOrNull(t.finalLowerBound),
      final_ub: finiteOrNull(t.finalUpperBound),
      total_time_ms: t.totalTimeMs,
      total_cuts: t.pools.reduce((a, p) => a + p.size, 0),
    });
  }
  if (flags.format !== "human") {
    printEnvelope(flags.format, envelope("run", code, data, [], warnings));
    return code;
  }
  // The compact end-of-run table; `cobre summary` shows the full one from the files.
  if (!flags.quiet) process.stdout.write(runSummaryText(r));
  return code;
}
