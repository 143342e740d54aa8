/**
 * `SimulationScenarioResult`: what the SDDP simulation hands the writer for one scenario.
 * Columnar: every entity family is a set of equally long typed arrays, one element per
 * row, rows in (stage, block, entity) order. Property names are the book's column names
 * in camelCase. Columns the book defines as derived (MWh energies, net flows, losses,
 * total outflow, pumped volume, `is_gnl`) are NOT part of the input: the writer computes
 * them from the `System` (block hours, loss factors, GNL flags).
 *
 * Null conventions, because typed arrays have no null: `blockId < 0` marks a stage-level
 * row (`block_id` null); `NaN` in a nullable float column is null. Optional columns
 * (`?`) may be omitted: nullable ones are then all null, the others all zero (operative
 * state: 2, "operating").
 *
 * Ownership: once `writeScenario` accepts a result, the writer reads its arrays later, in
 * the background; the caller must not mutate them afterwards.
 */

/** `blockId` value of a stage-level row. */
export const STAGE_LEVEL_BLOCK = -1;

/** Row keys shared by block-resolved families. */
interface BlockRowKeys {
  readonly stageId: Int32Array;
  /** Negative = stage-level row (null `block_id`). */
  readonly blockId: Int32Array;
}

export interface CostsColumns extends BlockRowKeys {
  readonly totalCost: Float64Array;
  readonly immediateCost: Float64Array;
  readonly futureCost: Float64Array;
  readonly discountFactor: Float64Array;
  readonly thermalCost?: Float64Array;
  readonly contractCost?: Float64Array;
  readonly deficitCost?: Float64Array;
  readonly excessCost?: Float64Array;
  readonly storageViolationCost?: Float64Array;
  readonly fillingTargetCost?: Float64Array;
  readonly hydroViolationCost?: Float64Array;
  readonly outflowViolationBelowCost?: Float64Array;
  readonly outflowViolationAboveCost?: Float64Array;
  readonly turbinedViolationCost?: Float64Array;
  readonly generationViolationCost?: Float64Array;
  readonly evaporationViolationCost?: Float64Array;
  readonly withdrawalViolationCost?: Float64Array;
  readonly inflowPenaltyCost?: Float64Array;
  readonly genericViolationCost?: Float64Array;
  readonly spillageCost?: Float64Array;
  readonly fphaTurbinedCost?: Float64Array;
  readonly curtailmentCost?: Float64Array;
  readonly exchangeCost?: Float64Array;
  readonly pumpingCost?: Float64Array;
}

/** Derived by the writer: `outflow_m3s` = turbined + spillage, `generation_mwh`. */
export interface HydroColumns extends BlockRowKeys {
  readonly hydroId: Int32Array;
  readonly turbinedM3s: Float64Array;
  readonly spillageM3s: Float64Array;
  readonly evaporationM3s?: Float64Array;
  readonly divertedInflowM3s?: Float64Array;
  readonly divertedOutflowM3s?: Float64Array;
  readonly incrementalInflowM3s: Float64Array;
  readonly inflowM3s: Float64Array;
  readonly storageInitialHm3: Float64Array;
  readonly storageFinalHm3: Float64Array;
  readonly generationMw: Float64Array;
  readonly productivityMwPerM3s?: Float64Array;
  readonly spillageCost?: Float64Array;
  readonly waterValuePerHm3: Float64Array;
  readonly storageBindingCode?: Int8Array;
  readonly operativeStateCode?: Int8Array;
  readonly turbinedSlackM3s?: Float64Array;
  readonly outflowSlackBelowM3s?: Float64Array;
  readonly outflowSlackAboveM3s?: Float64Array;
  readonly generationSlackMw?: Float64Array;
  readonly storageViolationBelowHm3?: Float64Array;
  readonly fillingTargetViolationHm3?: Float64Array;
  readonly evaporationViolationPosM3s?: Float64Array;
  readonly evaporationViolationNegM3s?: Float64Array;
  readonly inflowNonnegativitySlackM3s?: Float64Array;
  readonly waterWithdrawalViolationPosM3s?: Float64Array;
  readonly waterWithdrawalViolationNegM3s?: Float64Array;
}

/** Derived by the writer: `generation_mwh`, `is_gnl` (thermal has a GNL lag). */
export interface ThermalColumns extends BlockRowKeys {
  readonly thermalId: Int32Array;
  readonly generationMw: Float64Array;
  readonly generationCost: Float64Array;
  readonly gnlCommittedMw?: Float64Array;
  readonly gnlDecisionMw?: Float64Array;
  readonly operativeStateCode?: Int8Array;
}

/** Derived by the writer: net flow, losses (line `lossesPercent`) and their MWh. */
export interface ExchangeColumns extends BlockRowKeys {
  readonly lineId: Int32Array;
  readonly directFlowMw: Float64Array;
  readonly reverseFlowMw: Float64Array;
  readonly exchangeCost?: Float64Array;
  readonly operativeStateCode?: Int8Array;
}

/** Derived by the writer: `load_mwh`, `deficit_mwh`, `excess_mwh`. */
export interface BusColumns extends BlockRowKeys {
  readonly busId: Int32Array;
  readonly loadMw: Float64Array;
  readonly deficitMw?: Float64Array;
  readonly excessMw?: Float64Array;
  readonly spotPrice: Float64Array;
}

/** Derived by the writer: `pumped_volume_hm3`, `energy_consumption_mwh`. */
export interface PumpingStationColumns extends BlockRowKeys {
  readonly pumpingStationId: Int32Array;
  readonly pumpedFlowM3s: Float64Array;
  readonly powerConsumptionMw: Float64Array;
  readonly pumpingCost?: Float64Array;
  readonly operativeStateCode?: Int8Array;
}

/** Derived by the writer: `energy_mwh`. */
export interface ContractColumns extends BlockRowKeys {
  readonly contractId: Int32Array;
  readonly powerMw: Float64Array;
  readonly pricePerMwh: Float64Array;
  readonly totalCost: Float64Array;
  readonly operativeStateCode?: Int8Array;
}

/** Derived by the writer: `generation_mwh`, `curtailment_mwh`. */
export interface NonControllableColumns extends BlockRowKeys {
  readonly nonControllableId: Int32Array;
  readonly generationMw: Float64Array;
  readonly availableMw: Float64Array;
  readonly curtailmentMw?: Float64Array;
  readonly curtailmentCost?: Float64Array;
  readonly operativeStateCode?: Int8Array;
}

/** Stage-level (no block): one row per (stage, hydro, lag). */
export interface InflowLagColumns {
  readonly stageId: Int32Array;
  readonly hydroId: Int32Array;
  readonly lagIndex: Int32Array;
  readonly inflowM3s: Float64Array;
}

/** Sparse: only (stage, block, constraint) rows with a violation. */
export interface GenericViolationColumns extends BlockRowKeys {
  readonly constraintId: Int32Array;
  readonly slackValue: Float64Array;
  readonly slackCost: Float64Array;
}

/**
 * One simulated scenario. `costs` is always required. A dense family (hydros, thermals,
 * exchanges, buses, pumping stations, contracts, non-controllables) is required exactly
 * when the `System` has entities of that kind; the sparse families (`inflowLags`,
 * `genericViolations`) may be omitted and are then written with zero rows.
 */
export interface SimulationScenarioResult {
  /** 0-based scenario id; the Hive partition key. */
  readonly scenarioId: number;
  readonly costs: CostsColumns;
  readonly hydros?: HydroColumns;
  readonly thermals?: ThermalColumns;
  readonly exchanges?: ExchangeColumns;
  readonly buses?: BusColumns;
  readonly pumpingStations?: PumpingStationColumns;
  readonly contracts?: ContractColumns;
  readonly nonControllables?: NonControllableColumns;
  readonly inflowLags?: InflowLagColumns;
  readonly genericViolations?: GenericViolationColumns;
}
