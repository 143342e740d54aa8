/**
 * Turns the solved stage LPs of one simulated scenario into the columnar result the
 * output writer takes: rows in (stage, block, entity) order, one family per entity
 * kind, values read from the LP primal and dual solutions through the stage layouts.
 * Each entity kind has its rows in extract-hydros.ts, extract-generation.ts,
 * extract-network.ts and extract-costs.ts.
 */
import type { SimulationScenarioResult } from "@cobre/io";
import type { StageSolvers } from "../lp/stage-solvers";
import type { PreparedStudy } from "../study/prepare-study";
import { scenarioShape, solvedStage } from "./extract-columns";
import { CostRows } from "./extract-costs";
import { ContractRows, NonControllableRows, ThermalRows } from "./extract-generation";
import { HydroRows, InflowLagRows, PumpingRows } from "./extract-hydros";
import { BusRows, ExchangeRows } from "./extract-network";

/**
 * Accumulates one scenario. Call `addStage` right after solving each stage (before the
 * next solve overwrites the solution), then `finish`.
 */
export class ScenarioExtractor {
  private readonly costs: CostRows;
  private readonly hydros: HydroRows;
  private readonly pumping: PumpingRows;
  private readonly contracts: ContractRows;
  private readonly thermals: ThermalRows;
  private readonly exchanges: ExchangeRows;
  private readonly buses: BusRows;
  private readonly ncs: NonControllableRows;
  private readonly lags: InflowLagRows;

  constructor(
    private readonly study: PreparedStudy,
    private readonly scenarioId: number,
  ) {
    // Every column is sized for the whole scenario up front (rows per family are fixed by
    // the study), so adding a row is a store and `finish` hands the arrays over uncopied.
    const shape = scenarioShape(study);
    const { system } = study.case;
    this.costs = new CostRows(shape);
    this.hydros = new HydroRows(shape);
    this.pumping = new PumpingRows(shape, system.pumpingStations.length);
    this.contracts = new ContractRows(shape, system.energyContracts.length);
    this.thermals = new ThermalRows(shape, system.thermals.length);
    this.exchanges = new ExchangeRows(shape, system.lines.length);
    this.buses = new BusRows(shape, system.buses.length);
    this.ncs = new NonControllableRows(shape, system.nonControllableSources.length);
    this.lags = new InflowLagRows(shape);
  }

  /** Present-value cost of the scenario (sum of `total_cost`). */
  get presentValueCost(): number {
    return this.costs.presentValue;
  }

  addStage(t: number, solvers: StageSolvers): void {
    const s = solvedStage(this.study, t, solvers);
    this.hydros.add(s);
    this.pumping.add(s);
    this.contracts.add(s);
    // Thermals, lines, NCS, buses per block, then the block's cost row from their costs.
    let blockTotal = 0;
    for (let k = 0; k < s.K; k++) {
      const thermalCost = this.thermals.addBlock(s, k);
      const exchangeCost = this.exchanges.addBlock(s, k);
      const curtailmentCost = this.ncs.addBlock(s, k);
      const { deficitCost, excessCost } = this.buses.addBlock(s, k);
      blockTotal += this.costs.addBlock(s, k, { thermalCost, exchangeCost, curtailmentCost, deficitCost, excessCost });
    }
    this.costs.closeStage(s, blockTotal);
    this.lags.add(s);
  }

  finish(): SimulationScenarioResult {
    const { system } = this.study.case;
    return {
      scenarioId: this.scenarioId,
      costs: this.costs.columns(),
      ...(system.hydros.length === 0 ? {} : { hydros: this.hydros.columns() }),
      ...(system.thermals.length === 0 ? {} : { thermals: this.thermals.columns() }),
      ...(system.lines.length === 0 ? {} : { exchanges: this.exchanges.columns() }),
      ...(system.buses.length === 0 ? {} : { buses: this.buses.columns() }),
      ...(system.nonControllableSources.length === 0 ? {} : { nonControllables: this.ncs.columns() }),
      ...(system.pumpingStations.length === 0 ? {} : { pumpingStations: this.pumping.columns() }),
      ...(system.energyContracts.length === 0 ? {} : { contracts: this.contracts.columns() }),
      inflowLags: this.lags.columns(),
    };
  }
}
