/**
 * Physical entities of a hydrothermal system, as the Cobre case format defines them
 * (`system/*.json`). Field names follow the format in camelCase and keep its units.
 * Values are already resolved: entity-level penalty overrides are merged with the
 * global defaults of `penalties.json`, so the engine never looks up defaults again.
 */
import type { LinearExpression } from "./constraint-expression";

/** One tier of the piecewise-linear deficit cost of a bus. `depthMw: null` is unbounded. */
export interface DeficitSegment {
  readonly depthMw: number | null;
  readonly cost: number;
}

export interface Bus {
  readonly id: number;
  readonly name: string;
  /** Resolved: the bus's own segments, or the global `penalties.json` ones. */
  readonly deficitSegments: readonly DeficitSegment[];
  readonly excessCost: number;
}

export interface Line {
  readonly id: number;
  readonly name: string;
  readonly sourceBusId: number;
  readonly targetBusId: number;
  readonly entryStageId: number | null;
  readonly exitStageId: number | null;
  readonly directMw: number;
  readonly reverseMw: number;
  /** Resolved exchange cost ($/MWh): entity override or global default. */
  readonly exchangeCost: number;
  readonly lossesPercent: number;
}

export interface Thermal {
  readonly id: number;
  readonly name: string;
  readonly busId: number;
  readonly entryStageId: number | null;
  readonly exitStageId: number | null;
  readonly minGenerationMw: number;
  readonly maxGenerationMw: number;
  readonly costPerMwh: number;
  /** GNL (LNG) dispatch anticipation in stages; null when not a GNL plant. */
  readonly gnlLagStages: number | null;
}

export type HydroGenerationModel = "constant_productivity" | "linearized_head" | "fpha";

export interface HydroGeneration {
  readonly model: HydroGenerationModel;
  /** MW per m³/s; null for `fpha`, which has no single productivity. */
  readonly productivityMwPerM3s: number | null;
  readonly minTurbinedM3s: number;
  readonly maxTurbinedM3s: number;
  readonly minGenerationMw: number;
  readonly maxGenerationMw: number;
}

/** Hydro penalty costs, resolved against `penalties.json`. */
export interface HydroPenalties {
  readonly spillageCost: number;
  readonly fphaTurbinedCost: number;
  readonly diversionCost: number;
  readonly storageViolationBelowCost: number;
  readonly fillingTargetViolationCost: number;
  readonly turbinedViolationBelowCost: number;
  readonly outflowViolationBelowCost: number;
  readonly outflowViolationAboveCost: number;
  readonly generationViolationBelowCost: number;
  readonly evaporationViolationPosCost: number;
  readonly evaporationViolationNegCost: number;
  readonly waterWithdrawalViolationPosCost: number;
  readonly waterWithdrawalViolationNegCost: number;
  readonly inflowNonnegativityCost: number;
}

export type Tailrace =
  | { readonly type: "polynomial"; readonly coefficients: readonly number[] }
  | {
      readonly type: "piecewise";
      readonly points: readonly { readonly outflowM3s: number; readonly heightM: number }[];
    };

export type HydraulicLosses =
  | { readonly type: "factor"; readonly value: number }
  | { readonly type: "constant"; readonly valueM: number };

export interface Hydro {
  readonly id: number;
  readonly name: string;
  readonly busId: number;
  /** Downstream plant receiving turbined and spilled water; null = leaves the system. */
  readonly downstreamId: number | null;
  readonly entryStageId: number | null;
  readonly exitStageId: number | null;
  readonly minStorageHm3: number;
  readonly maxStorageHm3: number;
  readonly minOutflowM3s: number;
  /** null = no upper bound on total outflow. */
  readonly maxOutflowM3s: number | null;
  readonly generation: HydroGeneration;
  readonly tailrace: Tailrace | null;
  readonly hydraulicLosses: HydraulicLosses | null;
  readonly efficiency: { readonly type: "constant"; readonly value: number } | null;
  /** 12 monthly coefficients (mm/month, January first) and optional reference volumes. */
  readonly evaporation: {
    readonly coefficientsMm: readonly number[];
    readonly referenceVolumesHm3: readonly number[] | null;
  } | null;
  readonly diversion: { readonly downstreamId: number; readonly maxFlowM3s: number } | null;
  readonly filling: { readonly startStageId: number; readonly fillingInflowM3s: number } | null;
  readonly penalties: HydroPenalties;
}

export interface NonControllableSource {
  readonly id: number;
  readonly name: string;
  readonly busId: number;
  readonly entryStageId: number | null;
  readonly exitStageId: number | null;
  readonly maxGenerationMw: number;
  /** Resolved curtailment cost ($/MWh). */
  readonly curtailmentCost: number;
}

export interface PumpingStation {
  readonly id: number;
  readonly name: string;
  readonly busId: number;
  readonly sourceHydroId: number;
  readonly destinationHydroId: number;
  readonly entryStageId: number | null;
  readonly exitStageId: number | null;
  readonly consumptionMwPerM3s: number;
  readonly minFlowM3s: number;
  readonly maxFlowM3s: number;
}

export type ContractType = "import" | "export";

export interface EnergyContract {
  readonly id: number;
  readonly name: string;
  readonly busId: number;
  readonly type: ContractType;
  readonly entryStageId: number | null;
  readonly exitStageId: number | null;
  readonly pricePerMwh: number;
  readonly minMw: number;
  readonly maxMw: number;
}

export type ConstraintSense = ">=" | "<=" | "==";

/** A user-defined linear constraint (`constraints/generic_constraints.json`). */
export interface GenericConstraint {
  readonly id: number;
  readonly name: string;
  readonly description: string | null;
  /** The expression as written, e.g. `"hydro_generation(0) + thermal_generation(1)"`. */
  readonly expression: string;
  /** The expression parsed once during loading (`parseConstraintExpression`); always valid. */
  readonly lhs: LinearExpression;
  readonly sense: ConstraintSense;
  readonly slack: { readonly enabled: boolean; readonly penalty: number | null };
}
