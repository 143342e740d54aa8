/**
 * The temporal structure of a study (`stages.json`): stages, their load blocks,
 * seasons and the policy graph.
 */

export interface Block {
  readonly id: number;
  readonly name: string;
  readonly hours: number;
}

/** Per-stage risk measure: ρ = (1−λ)·E + λ·CVaR_α (α = tail fraction). */
export type RiskMeasure =
  | { readonly type: "expectation" }
  | { readonly type: "cvar"; readonly alpha: number; readonly lambda: number };

export interface Stage {
  readonly id: number;
  /** Position of the stage in the study, 0-based, after sorting by id. */
  readonly index: number;
  /** ISO 8601 dates, end exclusive. */
  readonly startDate: string;
  readonly endDate: string;
  readonly seasonId: number | null;
  readonly blocks: readonly Block[];
  /** Number of backward-pass openings (the format's `num_scenarios`). */
  readonly numScenarios: number;
  readonly blockMode: "parallel" | "chronological";
  readonly stateVariables: { readonly storage: boolean; readonly inflowLags: boolean };
  readonly riskMeasure: RiskMeasure;
  readonly samplingMethod: string;
}

export interface PreStudyStage {
  readonly id: number;
  readonly startDate: string;
  readonly endDate: string;
  readonly seasonId: number | null;
}

export interface Season {
  readonly id: number;
  readonly label: string;
  readonly monthStart: number;
  readonly dayStart: number | null;
  readonly monthEnd: number | null;
  readonly dayEnd: number | null;
}

export interface SeasonDefinitions {
  readonly cycleType: "monthly" | "weekly" | "custom";
  readonly seasons: readonly Season[];
}

export interface PolicyGraphTransition {
  readonly sourceId: number;
  readonly targetId: number;
  readonly probability: number;
  readonly annualDiscountRateOverride: number | null;
}

export interface PolicyGraph {
  readonly type: "finite_horizon" | "cyclic";
  readonly annualDiscountRate: number;
  readonly transitions: readonly PolicyGraphTransition[];
}
