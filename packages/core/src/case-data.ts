/**
 * The non-entity data of a case: penalties, initial conditions, scenario statistics
 * (`scenarios/*`) and stage-varying overrides (`constraints/*`). Rows keep the
 * columns of their Parquet/JSON files, in camelCase, sorted by their key columns.
 */
import type { DeficitSegment } from "./entities";

export interface GlobalPenalties {
  readonly bus: { readonly deficitSegments: readonly DeficitSegment[]; readonly excessCost: number };
  readonly line: { readonly exchangeCost: number };
  readonly hydro: {
    readonly spillageCost: number;
    readonly fphaTurbinedCost: number;
    readonly diversionCost: number;
    readonly storageViolationBelowCost: number;
    readonly fillingTargetViolationCost: number;
    readonly turbinedViolationBelowCost: number;
    readonly outflowViolationBelowCost: number;
    readonly outflowViolationAboveCost: number;
    readonly generationViolationBelowCost: number;
    readonly evaporationViolationCost: number;
    readonly evaporationViolationPosCost: number | null;
    readonly evaporationViolationNegCost: number | null;
    readonly waterWithdrawalViolationCost: number;
    readonly waterWithdrawalViolationPosCost: number | null;
    readonly waterWithdrawalViolationNegCost: number | null;
    readonly inflowNonnegativityCost: number | null;
  };
  readonly nonControllableSource: { readonly curtailmentCost: number };
}

export interface InitialConditions {
  readonly storage: readonly { readonly hydroId: number; readonly valueHm3: number }[];
  readonly fillingStorage: readonly { readonly hydroId: number; readonly valueHm3: number }[];
  /** Most recent first: `valuesM3s[0]` is lag 1. */
  readonly pastInflows: readonly {
    readonly hydroId: number;
    readonly valuesM3s: readonly number[];
    readonly seasonIds: readonly number[] | null;
  }[];
  readonly recentObservations: readonly {
    readonly hydroId: number;
    readonly startDate: string;
    readonly endDate: string;
    readonly valueM3s: number;
  }[];
}

export interface InflowSeasonalStat {
  readonly hydroId: number;
  /** Negative ids refer to pre-study stages (AR warm-up). */
  readonly stageId: number;
  readonly meanM3s: number;
  readonly stdM3s: number;
}

export interface InflowArCoefficient {
  readonly hydroId: number;
  readonly stageId: number;
  /** 1-based. */
  readonly lag: number;
  readonly coefficient: number;
  /** null when the file has no `residual_std_ratio` column. */
  readonly residualStdRatio: number | null;
}

/**
 * One row of `inflow_annual_component.parquet` (PAR(p)-A): the standardized coefficient ψ
 * of the rolling 12-month mean inflow of a (hydro, stage), and that mean's statistics.
 */
export interface InflowAnnualComponent {
  readonly hydroId: number;
  readonly stageId: number;
  /** ψ, dimensionless; any finite value. */
  readonly annualCoefficient: number;
  /** Mean of the rolling 12-month average (m³/s), finite. */
  readonly annualMeanM3s: number;
  /** Standard deviation of the rolling 12-month average (m³/s), > 0. */
  readonly annualStdM3s: number;
}

export interface InflowHistoryRow {
  readonly hydroId: number;
  /** ISO 8601 date (YYYY-MM-DD). */
  readonly date: string;
  readonly valueM3s: number;
}

export interface LoadSeasonalStat {
  readonly busId: number;
  readonly stageId: number;
  readonly meanMw: number;
  readonly stdMw: number;
}

export interface NcsStat {
  readonly ncsId: number;
  readonly stageId: number;
  readonly mean: number;
  readonly std: number;
}

/** A per-(entity, stage) list of per-block factors (`load_factors.json`, ...). */
export interface BlockFactorEntry {
  readonly entityId: number;
  readonly stageId: number;
  readonly blockFactors: readonly { readonly blockId: number; readonly factor: number }[];
}

export interface ExchangeFactorEntry {
  readonly lineId: number;
  readonly stageId: number;
  readonly blockFactors: readonly {
    readonly blockId: number;
    readonly directFactor: number;
    readonly reverseFactor: number;
  }[];
}

/** One realization of an external scenario file (`external_*_scenarios.parquet`). */
export interface ExternalScenarioValue {
  readonly entityId: number;
  readonly stageId: number;
  readonly scenarioId: number;
  readonly value: number;
}

export interface NoiseOpeningValue {
  readonly stageId: number;
  readonly openingIndex: number;
  readonly entityIndex: number;
  readonly value: number;
}

export interface CorrelationModel {
  readonly method: string;
  readonly profiles: Readonly<
    Record<
      string,
      {
        readonly correlationGroups: readonly {
          readonly name: string;
          readonly entities: readonly { readonly type: string; readonly id: number }[];
          readonly matrix: readonly (readonly number[])[];
        }[];
      }
    >
  >;
  readonly schedule: readonly { readonly stageId: number; readonly profileName: string }[] | null;
}

export interface Scenarios {
  readonly inflowSeasonalStats: readonly InflowSeasonalStat[];
  readonly inflowArCoefficients: readonly InflowArCoefficient[];
  /** `inflow_annual_component.parquet`; empty when the file is absent. */
  readonly inflowAnnualComponents: readonly InflowAnnualComponent[];
  readonly inflowHistory: readonly InflowHistoryRow[];
  readonly loadSeasonalStats: readonly LoadSeasonalStat[];
  readonly loadFactors: readonly BlockFactorEntry[];
  readonly ncsStats: readonly NcsStat[];
  readonly ncsFactors: readonly BlockFactorEntry[];
  readonly correlation: CorrelationModel | null;
  readonly externalInflow: readonly ExternalScenarioValue[];
  readonly externalLoad: readonly ExternalScenarioValue[];
  readonly externalNcs: readonly ExternalScenarioValue[];
  readonly noiseOpenings: readonly NoiseOpeningValue[] | null;
}

/** Sparse stage overrides: a null field keeps the entity's base value. */
export interface ThermalBoundOverride {
  readonly thermalId: number;
  readonly stageId: number;
  readonly minGenerationMw: number | null;
  readonly maxGenerationMw: number | null;
  readonly costPerMwh: number | null;
}

export interface HydroBoundOverride {
  readonly hydroId: number;
  readonly stageId: number;
  readonly minTurbinedM3s: number | null;
  readonly maxTurbinedM3s: number | null;
  readonly minStorageHm3: number | null;
  readonly maxStorageHm3: number | null;
  readonly minOutflowM3s: number | null;
  readonly maxOutflowM3s: number | null;
  readonly minGenerationMw: number | null;
  readonly maxGenerationMw: number | null;
  readonly maxDiversionM3s: number | null;
  readonly fillingInflowM3s: number | null;
  readonly waterWithdrawalM3s: number | null;
}

export interface LineBoundOverride {
  readonly lineId: number;
  readonly stageId: number;
  readonly directMw: number | null;
  readonly reverseMw: number | null;
}

export interface GenericConstraintBound {
  readonly constraintId: number;
  readonly stageId: number;
  /** null = the bound applies to every block of the stage. */
  readonly blockId: number | null;
  readonly bound: number;
}

export interface Constraints {
  readonly thermalBounds: readonly ThermalBoundOverride[];
  readonly hydroBounds: readonly HydroBoundOverride[];
  readonly lineBounds: readonly LineBoundOverride[];
  readonly pumpingBounds: readonly {
    readonly stationId: number;
    readonly stageId: number;
    readonly minM3s: number | null;
    readonly maxM3s: number | null;
  }[];
  readonly contractBounds: readonly {
    readonly contractId: number;
    readonly stageId: number;
    readonly minMw: number | null;
    readonly maxMw: number | null;
    readonly pricePerMwh: number | null;
  }[];
  readonly ncsBounds: readonly {
    readonly ncsId: number;
    readonly stageId: number;
    readonly availableGenerationMw: number;
  }[];
  readonly exchangeFactors: readonly ExchangeFactorEntry[];
  readonly genericConstraintBounds: readonly GenericConstraintBound[];
  /** Stage-varying penalty overrides (`penalty_overrides_*.parquet`), rows as read. */
  readonly penaltyOverrides: {
    readonly bus: readonly { readonly busId: number; readonly stageId: number; readonly excessCost: number | null }[];
    readonly line: readonly {
      readonly lineId: number;
      readonly stageId: number;
      readonly exchangeCost: number | null;
    }[];
    readonly hydro: readonly ({ readonly hydroId: number; readonly stageId: number } & Readonly<
      Record<string, number | null>
    >)[];
    readonly ncs: readonly {
      readonly ncsId: number;
      readonly stageId: number;
      readonly curtailmentCost: number | null;
    }[];
  };
}

export interface FphaHyperplane {
  readonly hydroId: number;
  /** null = valid for every stage. */
  readonly stageId: number | null;
  readonly planeId: number;
  readonly gamma0: number;
  readonly gammaV: number;
  readonly gammaQ: number;
  readonly gammaS: number;
  readonly kappa: number;
  readonly validVMinHm3: number | null;
  readonly validVMaxHm3: number | null;
  readonly validQMaxM3s: number | null;
}

export interface HydroGeometryPoint {
  readonly hydroId: number;
  readonly volumeHm3: number;
  readonly heightM: number;
  readonly areaKm2: number;
}
