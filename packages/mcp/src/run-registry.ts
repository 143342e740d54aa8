/**
 * Runs started by `cobre/run-study`, kept in memory: each runs `runStudy` in the
 * background and its latest progress is what `cobre/run-status` reports.
 */
import { randomUUID } from "node:crypto";
import type { Case, ErrorRecord } from "@cobre/core";
import { type ProgressEvent, runStudy, toCobreError } from "@cobre/sddp";

export type RunPhase = "starting" | "training" | "simulation" | "writing" | "done" | "failed";

/** What `cobre/run-status` returns for a run. */
export interface RunState {
  readonly run_id: string;
  readonly case_dir: string;
  readonly output_dir: string;
  phase: RunPhase;
  done: boolean;
  failed: boolean;
  started_at: string;
  finished_at: string | null;
  iteration: number;
  lower_bound: number | null;
  upper_bound: number | null;
  gap: number | null;
  scenarios_complete: number;
  scenarios_total: number;
  termination_reason: string | null;
  /** Engine warnings of the finished run (approximations, options not implemented). */
  warnings: Omit<ErrorRecord, "suggestion">[];
  error: ErrorRecord | null;
}

/** Non-finite numbers (an undefined gap) are reported as null: JSON has no Infinity. */
function finite(v: number): number | null {
  return Number.isFinite(v) ? v : null;
}

export class RunRegistry {
  private readonly runs = new Map<string, { state: RunState; abort: AbortController; finished: Promise<void> }>();

  /** Starts `c` into `outputDir`; returns at once with the new run's state. */
  start(c: Case, caseDir: string, outputDir: string, workers: number): RunState {
    const run_id = randomUUID();
    const state: RunState = {
      run_id,
      case_dir: caseDir,
      output_dir: outputDir,
      phase: "starting",
      done: false,
      failed: false,
      started_at: new Date().toISOString(),
      finished_at: null,
      iteration: 0,
      lower_bound: null,
      upper_bound: null,
      gap: null,
      scenarios_complete: 0,
      scenarios_total: 0,
      termination_reason: null,
      warnings: [],
      error: null,
    };
    const abort = new AbortController();
    const onProgress = (e: ProgressEvent) => {
      state.phase = e.phase;
      if (e.phase === "training") {
        state.iteration = e.iteration;
        state.lower_bound = finite(e.lowerBound);
        state.upper_bound = finite(e.upperBound);
        state.gap = finite(e.gap);
      } else if (e.phase === "simulation") {
        state.scenarios_complete = e.scenariosComplete;
        state.scenarios_total = e.scenariosTotal;
      }
    };
    const finished = runStudy(c, { outputDir, numWorkers: workers, signal: abort.signal, onProgress })
      .then((r) => {
        if (r.ok) {
          state.phase = "done";
          state.done = true;
          state.termination_reason = r.value.training?.terminationReason ?? null;
          if (r.value.training !== null) {
            state.lower_bound = finite(r.value.training.finalLowerBound);
            state.upper_bound = finite(r.value.training.finalUpperBound);
            state.warnings = r.value.training.warnings.map(({ kind, message, context }) => ({
              kind,
              message,
              context,
            }));
          }
        } else {
          const { kind, message, context, suggestion } = r.error;
          state.error = suggestion === undefined ? { kind, message, context } : { kind, message, context, suggestion };
        }
      })
      .catch((e: unknown) => {
        // runStudy returns its expected failures; anything thrown goes through the engine's
        // one mapping (a bug becomes an InternalPanic with its location).
        const { kind, message, context, suggestion } = toCobreError(e);
        state.error = suggestion === null ? { kind, message, context } : { kind, message, context, suggestion };
      })
      .finally(() => {
        if (state.error !== null) {
          state.phase = "failed";
          state.failed = true;
        }
        state.finished_at = new Date().toISOString();
      });
    this.runs.set(run_id, { state, abort, finished });
    return state;
  }

  /** The state of run `id`, or undefined for an unknown id. */
  get(id: string): RunState | undefined {
    return this.runs.get(id)?.state;
  }

  /** Every run, oldest first. */
  list(): RunState[] {
    return [...this.runs.values()].map((r) => r.state);
  }

  /** Resolves when run `id` has finished (for tests and orderly shutdown). */
  async wait(id: string): Promise<RunState | undefined> {
    const run = this.runs.get(id);
    if (run === undefined) return undefined;
    await run.finished;
    return run.state;
  }

  /** Asks every running run to stop at its next iteration boundary and waits for them. */
  async stopAll(): Promise<void> {
    for (const r of this.runs.values()) r.abort.abort();
    await Promise.all([...this.runs.values()].map((r) => r.finished));
  }
}
