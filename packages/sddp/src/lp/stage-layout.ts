/**
 * Where each variable and constraint of a stage LP lives. Built once per stage with the
 * template; the engine patches bounds through these indices and reads solutions back.
 *
 * State convention (shared with cuts and the policy format): the state vector is
 * `[storage_h for h] ++ [lag_1,h for h] ++ … ++ [lag_P,h for h]` (lag-major).
 */
export interface StageLayout {
  readonly stageIndex: number;
  readonly numHydros: number;
  readonly numBuses: number;
  readonly numBlocks: number;
  /** Maximum PAR order P over all hydros (uniform lag stride). */
  readonly lagOrder: number;
  /** Slots 1..inflowLagSlots are inflow lags; a further slot is the period accumulator. */
  readonly inflowLagSlots: number;
  /** State dimension: `numHydros * (1 + lagOrder)`. */
  readonly stateDim: number;
  /** Incoming-state columns, fixed by bounds to the trial state (size `stateDim`). */
  readonly stateInCols: Int32Array;
  /** Columns whose values form the outgoing state (size `stateDim`). */
  readonly stateOutCols: Int32Array;
  /** Future-cost variable θ. */
  readonly thetaCol: number;
  /** Objective coefficient of θ: the one-step discount factor of this stage. */
  readonly discountFactor: number;
  /** Inflow definition rows (one per hydro): `a_h − Σψ·lag = base + scale·ε`. */
  readonly inflowRows: Int32Array;
  readonly inflowCols: Int32Array;
  /** Load balance rows, bus-major then block. */
  readonly loadRows: Int32Array;
  /** Per (hydro, block): turbined, spillage columns; −1 when absent. */
  readonly turbinedCols: Int32Array;
  readonly spillageCols: Int32Array;
  /** Per (hydro, block): diversion flow, −1 for hydros without a diversion channel. */
  readonly diversionCols: Int32Array;
  /** Per (hydro, block): FPHA generation column, −1 for productivity-based plants. */
  readonly generationCols: Int32Array;
  /** MW per m³/s per hydro at this stage (0 for FPHA plants). */
  readonly productivity: Float64Array;
  /** Per hydro: evaporation flow Q_ev (m³/s, stage level), −1 without evaporation. */
  readonly evaporationCols: Int32Array;
  /** Per hydro: scheduled withdrawal (m³/s) and its under/over slacks (−1 when absent). */
  readonly withdrawalScheduledM3s: Float64Array;
  readonly withdrawalUnderCols: Int32Array;
  readonly withdrawalOverCols: Int32Array;
  /** Per (thermal, block). */
  readonly thermalCols: Int32Array;
  /** Per (line, block): direct and reverse flow. */
  readonly lineDirectCols: Int32Array;
  readonly lineReverseCols: Int32Array;
  /** Per (bus, block): total of deficit segment columns are in `deficitCols` (bus, block, segment). */
  readonly deficitCols: readonly (readonly number[])[];
  readonly excessCols: Int32Array;
  /** Per (ncs, block): generation column, −1 when out of service. */
  readonly ncsCols: Int32Array;
  /** Per (pumping station, block): pumped flow (m³/s), −1 when out of service. */
  readonly pumpingCols: Int32Array;
  /** Per (contract, block): contracted power (MW), −1 when out of service. */
  readonly contractCols: Int32Array;
  /** Rows of the generic constraints active at this stage, with their slack columns (−1 if none). */
  readonly genericConstraintRows: readonly {
    readonly constraintId: number;
    readonly block: number;
    readonly row: number;
    readonly slackPlus: number;
    readonly slackMinus: number;
  }[];
  /** Water balance rows, `[hydro * numBlocks + block]` (parallel blocks repeat one row). */
  readonly waterRows: Int32Array;
  /** End-of-block storage column, `[hydro * numBlocks + block]` (parallel: v_out for every block). */
  readonly storageBlockCols: Int32Array;
  /** Inflow non-negativity slack per hydro (−1 when the method adds none). */
  readonly inflowSlackCols: Int32Array;
  /** Number of rows of the template, before any cut row. */
  readonly numTemplateRows: number;
}
