/**
 * `TrainingResult`: a finished training run — the policy, the convergence history as an
 * Arrow table and the final figures (Python bindings §2.7).
 */
import type { Case } from "@cobre/core";
import type { Float64, Int32, Table } from "apache-arrow";
import { Policy } from "../policy";
import type { TerminationReason } from "../training/stopping-rules";
import type { EngineWarning } from "../warnings";
import type { TrainingOutcome } from "../training/train";
import type { IterationRecord } from "../training/training-loop";
import { convergenceTable } from "./convergence-table";
import { type WorkerInfo, workerInfos } from "./worker-info";

export type ConvergenceHistoryTable = Table<{
  iteration: Int32;
  lower_bound: Float64;
  upper_bound: Float64;
  upper_bound_std: Float64;
  ci_95: Float64;
  gap: Float64;
  wall_time_ms: Float64;
  iteration_time_ms: Float64;
}>;

export class TrainingResult {
  private table: ConvergenceHistoryTable | undefined;
  private policyView: Policy | undefined;

  /** The case trained on, config overrides applied: simulate with this one. */
  readonly case: Case;

  constructor(
    /** The engine's outcome, for everything not surfaced here. */
    readonly outcome: TrainingOutcome,
    trainedCase: Case,
  ) {
    this.case = trainedCase;
  }

  /**
   * The trained cuts (shares the outcome's cut pools), with the bases when
   * `checkpointing.store_basis` keeps them in `policy/basis/`: simulating it then gives the
   * same costs as simulating the saved policy.
   */
  get policy(): Policy {
    const bases = this.case.config.policy.checkpointing.storeBasis ? this.outcome.bases : [];
    this.policyView ??= Policy.fromPools(this.outcome.pools, bases);
    return this.policyView;
  }

  /** One row per iteration; built on first access. */
  get convergenceHistory(): ConvergenceHistoryTable {
    this.table ??= convergenceTable(this.outcome.history) as ConvergenceHistoryTable;
    return this.table;
  }

  /** The engine's per-iteration records (more fields than the table). */
  get records(): readonly IterationRecord[] {
    return this.outcome.history;
  }

  get iterations(): number {
    return this.outcome.history.length;
  }

  get finalLowerBound(): number {
    return this.outcome.finalLowerBound;
  }

  get finalUpperBound(): number {
    return this.outcome.finalUpperBound;
  }

  get finalGap(): number {
    return this.outcome.finalGap;
  }

  get terminationReason(): TerminationReason {
    return this.outcome.terminationReason;
  }

  /** What preparing the study noticed: approximations, fallbacks, options not implemented. */
  get warnings(): readonly EngineWarning[] {
    return this.outcome.warnings;
  }

  /** Cuts generated over all stages (including those cut selection deactivated). */
  get totalCuts(): number {
    return this.outcome.pools.reduce((a, p) => a + p.size, 0);
  }

  get wallTimeMs(): number {
    return this.outcome.totalTimeMs;
  }

  /** Per-worker totals when more than one worker ran; null for a single-worker run. */
  get workers(): readonly WorkerInfo[] | null {
    return this.outcome.workers > 1 ? workerInfos(this.outcome.history, this.outcome.workers) : null;
  }
}
