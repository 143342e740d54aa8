/**
 * Turns the solved stage LPs of one simulated scenario into the columnar result the
 * output writer takes: rows in (stage, block, entity) order, one family per entity
 * kind, values read from the LP primal and dual solutions through the stage layouts.
 */
import type { SimulationScenarioResult } from "@cobre/io";
import { resolveProduction } from "../lp/production-model";
import type { PreparedStudy } from "../study/prepare-study";
import { COST_SCALE } from "../lp/cost-scale";
import type { StageSolvers } from "../lp/stage-solvers";

/** Growable column of numbers, materialised into a typed array at the end. */
class Col {
  private data: number[] = [];
  push(v: number): void {
    this.data.push(v);
  }
  get length(): number {
    return this.data.length;
  }
  add(row: number, v: number): void {
    this.data[row] = (this.data[row] ?? 0) + v;
  }
  f64(): Float64Array {
    return Float64Array.from(this.data);
  }
  i32(): Int32Array {
    return Int32Array.from(this.data);
  }
  i8(): Int8Array {
    return Int8Array.from(this.data);
  }
}

type Cols<K extends string> = Record<K, Col> & {
  readonly rowCount: number;
  add(name: K, row: number, v: number): void;
};

function cols<K extends string>(...names: K[]): Cols<K> {
  const c = Object.fromEntries(names.map((n) => [n, new Col()])) as Record<K, Col>;
  Object.defineProperty(c, "rowCount", { get: () => c[names[0]!].length });
  Object.defineProperty(c, "add", { value: (name: K, row: number, v: number) => c[name].add(row, v) });
  return c as Cols<K>;
}

/** Operative state codes of `codes.json`: 2 = operating, 0 = not in service. */
const OPERATING = 2;

/**
 * Accumulates one scenario. Call `addStage` right after solving each stage (before the
 * next solve overwrites the solution), then `finish`.
 */
export class ScenarioExtractor {
  private readonly costs = cols(
    "stageId",
    "blockId",
    "totalCost",
    "immediateCost",
    "futureCost",
    "discountFactor",
    "thermalCost",
    "contractCost",
    "deficitCost",
    "excessCost",
    "hydroViolationCost",
    "spillageCost",
    "fphaTurbinedCost",
    "curtailmentCost",
    "exchangeCost",
  );
  private readonly hydros = cols(
    "stageId",
    "blockId",
    "hydroId",
    "turbinedM3s",
    "spillageM3s",
    "incrementalInflowM3s",
    "inflowM3s",
    "storageInitialHm3",
    "storageFinalHm3",
    "generationMw",
    "productivityMwPerM3s",
    "spillageCost",
    "waterValuePerHm3",
    "storageBindingCode",
    "inflowNonnegativitySlackM3s",
    "evaporationM3s",
    "divertedInflowM3s",
    "divertedOutflowM3s",
    "waterWithdrawalViolationPosM3s",
    "waterWithdrawalViolationNegM3s",
  );
  private readonly pumping = cols(
    "stageId",
    "blockId",
    "pumpingStationId",
    "pumpedFlowM3s",
    "powerConsumptionMw",
    "operativeStateCode",
  );
  private readonly contracts = cols(
    "stageId",
    "blockId",
    "contractId",
    "powerMw",
    "pricePerMwh",
    "totalCost",
    "operativeStateCode",
  );
  private readonly thermals = cols(
    "stageId",
    "blockId",
    "thermalId",
    "generationMw",
    "generationCost",
    "operativeStateCode",
  );
  private readonly exchanges = cols(
    "stageId",
    "blockId",
    "lineId",
    "directFlowMw",
    "reverseFlowMw",
    "exchangeCost",
    "operativeStateCode",
  );
  private readonly buses = cols("stageId", "blockId", "busId", "loadMw", "deficitMw", "excessMw", "spotPrice");
  private readonly ncs = cols(
    "stageId",
    "blockId",
    "nonControllableId",
    "generationMw",
    "availableMw",
    "curtailmentMw",
    "curtailmentCost",
    "operativeStateCode",
  );
  private readonly lags = cols("stageId", "hydroId", "lagIndex", "inflowM3s");
  /** Present-value cost of the scenario (sum of `total_cost`). */
  presentValueCost = 0;

  constructor(
    private readonly study: PreparedStudy,
    private readonly scenarioId: number,
  ) {}

  addStage(t: number, solvers: StageSolvers): void {
    const { system } = this.study.case;
    const stage = system.stages[t]!;
    const { layout, lp } = this.study.templates[t]!;
    const x = solvers.primal(t);
    const y = solvers.rowDuals(t);
    const dualScale = COST_SCALE;
    const K = layout.numBlocks;
    const H = layout.numHydros;
    const disc = this.study.cumulativeDiscount[t]!;
    const hours = stage.blocks.map((b) => b.hours);
    const cost = (col: number) => (col < 0 ? 0 : lp.colCost[col]! * x[col]!);
    let blockTotal = 0;

    // Hydros: per block; storage and water value are stage quantities repeated per block.
    const hydroPos = new Map(system.hydros.map((h, i) => [h.id, i]));
    for (let k = 0; k < K; k++) {
      for (let h = 0; h < H; h++) {
        const hydro = system.hydros[h]!;
        const q = layout.turbinedCols[h * K + k]!;
        const s = layout.spillageCols[h * K + k]!;
        const g = layout.generationCols[h * K + k]!;
        const incremental = x[layout.inflowCols[h]!]!;
        let upstream = 0;
        for (const up of system.hydros) {
          if (up.downstreamId !== hydro.id) continue;
          const u = hydroPos.get(up.id)!;
          upstream += x[layout.turbinedCols[u * K + k]!]! + x[layout.spillageCols[u * K + k]!]!;
        }
        const rho =
          g >= 0 ? Number.NaN : resolveProduction(hydro, stage, this.study.case.productionModels).productivity;
        // Chronological blocks report each block's own storage path; parallel ones the stage's.
        const chronological = K > 1 && layout.storageBlockCols[h * K] !== layout.stateOutCols[h];
        const vIn = x[chronological && k > 0 ? layout.storageBlockCols[h * K + k - 1]! : layout.stateInCols[h]!]!;
        const vCol = layout.storageBlockCols[h * K + k]!;
        const vOut = x[vCol]!;
        const binding = vOut <= lp.colLower[vCol]! + 1e-6 ? 1 : vOut >= lp.colUpper[vCol]! - 1e-6 ? 2 : 0;
        const slack = layout.inflowSlackCols[h]!;
        const c = this.hydros;
        c.stageId.push(stage.id);
        c.blockId.push(stage.blocks[k]!.id);
        c.hydroId.push(hydro.id);
        c.turbinedM3s.push(x[q]!);
        c.spillageM3s.push(x[s]!);
        c.incrementalInflowM3s.push(incremental);
        c.inflowM3s.push(incremental + upstream);
        c.storageInitialHm3.push(vIn);
        c.storageFinalHm3.push(vOut);
        c.generationMw.push(g >= 0 ? x[g]! : rho * x[q]!);
        c.productivityMwPerM3s.push(rho);
        c.spillageCost.push(cost(s));
        c.waterValuePerHm3.push(dualScale * y[layout.waterRows[h * K + k]!]!);
        c.storageBindingCode.push(binding);
        c.inflowNonnegativitySlackM3s.push(slack >= 0 ? x[slack]! : 0);
        const ev = layout.evaporationCols[h]!;
        c.evaporationM3s.push(ev >= 0 ? x[ev]! : Number.NaN);
        const div = layout.diversionCols[h * K + k]!;
        c.divertedOutflowM3s.push(hydro.diversion === null ? Number.NaN : div >= 0 ? x[div]! : 0);
        let divertedIn = 0;
        let receives = false;
        system.hydros.forEach((src, u) => {
          if (src.diversion?.downstreamId !== hydro.id) return;
          receives = true;
          const col = layout.diversionCols[u * K + k]!;
          if (col >= 0) divertedIn += x[col]!;
        });
        c.divertedInflowM3s.push(receives ? divertedIn : Number.NaN);
        const over = layout.withdrawalOverCols[h]!;
        const under = layout.withdrawalUnderCols[h]!;
        c.waterWithdrawalViolationPosM3s.push(over >= 0 ? x[over]! : 0);
        c.waterWithdrawalViolationNegM3s.push(under >= 0 ? x[under]! : 0);
      }
    }

    // Pumping stations and contracts per block.
    for (let k = 0; k < K; k++) {
      const blockId = stage.blocks[k]!.id;
      system.pumpingStations.forEach((ps, i) => {
        const col = layout.pumpingCols[i * K + k]!;
        const flow = col < 0 ? 0 : x[col]!;
        this.pumping.stageId.push(stage.id);
        this.pumping.blockId.push(blockId);
        this.pumping.pumpingStationId.push(ps.id);
        this.pumping.pumpedFlowM3s.push(flow);
        this.pumping.powerConsumptionMw.push(flow * ps.consumptionMwPerM3s);
        this.pumping.operativeStateCode.push(col < 0 ? 0 : OPERATING);
      });
      system.energyContracts.forEach((ct, i) => {
        const col = layout.contractCols[i * K + k]!;
        const power = col < 0 ? 0 : x[col]!;
        const price = col < 0 ? ct.pricePerMwh : lp.colCost[col]! / hours[k]!;
        this.contracts.stageId.push(stage.id);
        this.contracts.blockId.push(blockId);
        this.contracts.contractId.push(ct.id);
        this.contracts.powerMw.push(power);
        this.contracts.pricePerMwh.push(price);
        this.contracts.totalCost.push(cost(col));
        this.contracts.operativeStateCode.push(col < 0 ? 0 : OPERATING);
      });
    }

    // Thermals, lines, NCS, buses per block; cost components per block.
    for (let k = 0; k < K; k++) {
      const blockId = stage.blocks[k]!.id;
      let thermalCost = 0;
      system.thermals.forEach((th, i) => {
        const col = layout.thermalCols[i * K + k]!;
        const c = cost(col);
        thermalCost += c;
        this.thermals.stageId.push(stage.id);
        this.thermals.blockId.push(blockId);
        this.thermals.thermalId.push(th.id);
        this.thermals.generationMw.push(col < 0 ? 0 : x[col]!);
        this.thermals.generationCost.push(c);
        this.thermals.operativeStateCode.push(col < 0 ? 0 : OPERATING);
      });
      let exchangeCost = 0;
      system.lines.forEach((line, i) => {
        const d = layout.lineDirectCols[i * K + k]!;
        const r = layout.lineReverseCols[i * K + k]!;
        const c = cost(d) + cost(r);
        exchangeCost += c;
        this.exchanges.stageId.push(stage.id);
        this.exchanges.blockId.push(blockId);
        this.exchanges.lineId.push(line.id);
        this.exchanges.directFlowMw.push(d < 0 ? 0 : x[d]!);
        this.exchanges.reverseFlowMw.push(r < 0 ? 0 : x[r]!);
        this.exchanges.exchangeCost.push(c);
        this.exchanges.operativeStateCode.push(d < 0 ? 0 : OPERATING);
      });
      let curtailmentCost = 0;
      system.nonControllableSources.forEach((src, i) => {
        const col = layout.ncsCols[i * K + k]!;
        const patched = solvers.lastNcsAvailableMw[i * K + k]!;
        const available = col < 0 ? 0 : Number.isNaN(patched) ? lp.colUpper[col]! : patched;
        const gen = col < 0 ? 0 : x[col]!;
        const curtailed = Math.max(0, available - gen);
        const c = curtailed * src.curtailmentCost * hours[k]!;
        curtailmentCost += c;
        this.ncs.stageId.push(stage.id);
        this.ncs.blockId.push(blockId);
        this.ncs.nonControllableId.push(src.id);
        this.ncs.generationMw.push(gen);
        this.ncs.availableMw.push(available);
        this.ncs.curtailmentMw.push(curtailed);
        this.ncs.curtailmentCost.push(c);
        this.ncs.operativeStateCode.push(col < 0 ? 0 : OPERATING);
      });
      let deficitCost = 0;
      let excessCost = 0;
      const inputs = this.study.inputs;
      system.buses.forEach((bus, b) => {
        const segs = layout.deficitCols[b * K + k]!;
        let deficit = 0;
        for (const col of segs) {
          deficit += x[col]!;
          deficitCost += cost(col);
        }
        const ex = layout.excessCols[b * K + k]!;
        excessCost += cost(ex);
        const mw = solvers.lastLoadMw[b]!;
        this.buses.stageId.push(stage.id);
        this.buses.blockId.push(blockId);
        this.buses.busId.push(bus.id);
        this.buses.loadMw.push(mw * inputs.loadFactors[t]![b * K + k]!);
        this.buses.deficitMw.push(deficit);
        this.buses.excessMw.push(x[ex]!);
        this.buses.spotPrice.push((dualScale * y[layout.loadRows[b * K + k]!]!) / hours[k]!);
      });
      let spillage = 0;
      let fpha = 0;
      for (let h = 0; h < H; h++) {
        spillage += cost(layout.spillageCols[h * K + k]!);
        if (layout.generationCols[h * K + k]! >= 0) fpha += cost(layout.turbinedCols[h * K + k]!);
      }
      // In the LP a generating NCS earns −curtailment_cost·hours per MW; reports show the
      // curtailment itself as a positive cost instead.
      const ncsLp = system.nonControllableSources.reduce((acc, _s, i) => acc + cost(layout.ncsCols[i * K + k]!), 0);
      const contractCost = system.energyContracts.reduce(
        (acc, _c, i) => acc + cost(layout.contractCols[i * K + k]!),
        0,
      );
      const lpCost = thermalCost + contractCost + deficitCost + excessCost + spillage + fpha + exchangeCost + ncsLp;
      blockTotal += lpCost;
      const immediate = lpCost - ncsLp + curtailmentCost;
      const c = this.costs;
      c.stageId.push(stage.id);
      c.blockId.push(blockId);
      c.immediateCost.push(immediate);
      c.futureCost.push(0);
      c.discountFactor.push(disc);
      c.totalCost.push(disc * immediate);
      c.thermalCost.push(thermalCost);
      c.contractCost.push(contractCost);
      c.deficitCost.push(deficitCost);
      c.excessCost.push(excessCost);
      c.hydroViolationCost.push(0);
      c.spillageCost.push(spillage);
      c.fphaTurbinedCost.push(fpha);
      c.curtailmentCost.push(curtailmentCost);
      c.exchangeCost.push(exchangeCost);
      this.presentValueCost += disc * immediate;
    }

    // One row per (stage, block), as the format has it: stage costs not tied to a block
    // (violation slacks, inflow penalty, withdrawal) — the remainder of the objective — are
    // spread over the blocks by their hours, and the future cost sits on the last block,
    // at the end of the stage.
    const remainder = solvers.result.immediateCost - blockTotal;
    const totalHours = hours.reduce((a, h) => a + h, 0);
    const c = this.costs;
    const firstRow = c.rowCount - K;
    for (let k = 0; k < K; k++) {
      const share = remainder * (hours[k]! / totalHours);
      c.add("immediateCost", firstRow + k, share);
      c.add("totalCost", firstRow + k, disc * share);
      c.add("hydroViolationCost", firstRow + k, share);
      this.presentValueCost += disc * share;
    }
    c.add("futureCost", firstRow + K - 1, solvers.result.theta);
    // After the last stage the future cost is the terminal boundary's (policy.boundary;
    // zero without one): part of the scenario's cost, like the lower bound counts it.
    if (t === this.study.templates.length - 1) {
      this.presentValueCost += disc * (solvers.result.objective - solvers.result.immediateCost);
    }

    // Outgoing inflow lags (stage-level).
    for (let k = 1; k <= layout.inflowLagSlots; k++) {
      for (let h = 0; h < H; h++) {
        this.lags.stageId.push(stage.id);
        this.lags.hydroId.push(system.hydros[h]!.id);
        this.lags.lagIndex.push(k);
        this.lags.inflowM3s.push(x[layout.stateOutCols[k * H + h]!]!);
      }
    }
  }

  finish(): SimulationScenarioResult {
    const { system } = this.study.case;
    const c = this.costs;
    const h = this.hydros;
    const th = this.thermals;
    const ex = this.exchanges;
    const b = this.buses;
    const n = this.ncs;
    return {
      scenarioId: this.scenarioId,
      costs: {
        stageId: c.stageId.i32(),
        blockId: c.blockId.i32(),
        totalCost: c.totalCost.f64(),
        immediateCost: c.immediateCost.f64(),
        futureCost: c.futureCost.f64(),
        discountFactor: c.discountFactor.f64(),
        thermalCost: c.thermalCost.f64(),
        contractCost: c.contractCost.f64(),
        deficitCost: c.deficitCost.f64(),
        excessCost: c.excessCost.f64(),
        hydroViolationCost: c.hydroViolationCost.f64(),
        spillageCost: c.spillageCost.f64(),
        fphaTurbinedCost: c.fphaTurbinedCost.f64(),
        curtailmentCost: c.curtailmentCost.f64(),
        exchangeCost: c.exchangeCost.f64(),
      },
      ...(system.hydros.length === 0
        ? {}
        : {
            hydros: {
              stageId: h.stageId.i32(),
              blockId: h.blockId.i32(),
              hydroId: h.hydroId.i32(),
              turbinedM3s: h.turbinedM3s.f64(),
              spillageM3s: h.spillageM3s.f64(),
              incrementalInflowM3s: h.incrementalInflowM3s.f64(),
              inflowM3s: h.inflowM3s.f64(),
              storageInitialHm3: h.storageInitialHm3.f64(),
              storageFinalHm3: h.storageFinalHm3.f64(),
              generationMw: h.generationMw.f64(),
              productivityMwPerM3s: h.productivityMwPerM3s.f64(),
              spillageCost: h.spillageCost.f64(),
              waterValuePerHm3: h.waterValuePerHm3.f64(),
              storageBindingCode: h.storageBindingCode.i8(),
              inflowNonnegativitySlackM3s: h.inflowNonnegativitySlackM3s.f64(),
              evaporationM3s: h.evaporationM3s.f64(),
              divertedInflowM3s: h.divertedInflowM3s.f64(),
              divertedOutflowM3s: h.divertedOutflowM3s.f64(),
              waterWithdrawalViolationPosM3s: h.waterWithdrawalViolationPosM3s.f64(),
              waterWithdrawalViolationNegM3s: h.waterWithdrawalViolationNegM3s.f64(),
            },
          }),
      ...(system.thermals.length === 0
        ? {}
        : {
            thermals: {
              stageId: th.stageId.i32(),
              blockId: th.blockId.i32(),
              thermalId: th.thermalId.i32(),
              generationMw: th.generationMw.f64(),
              generationCost: th.generationCost.f64(),
              operativeStateCode: th.operativeStateCode.i8(),
            },
          }),
      ...(system.lines.length === 0
        ? {}
        : {
            exchanges: {
              stageId: ex.stageId.i32(),
              blockId: ex.blockId.i32(),
              lineId: ex.lineId.i32(),
              directFlowMw: ex.directFlowMw.f64(),
              reverseFlowMw: ex.reverseFlowMw.f64(),
              exchangeCost: ex.exchangeCost.f64(),
              operativeStateCode: ex.operativeStateCode.i8(),
            },
          }),
      ...(system.buses.length === 0
        ? {}
        : {
            buses: {
              stageId: b.stageId.i32(),
              blockId: b.blockId.i32(),
              busId: b.busId.i32(),
              loadMw: b.loadMw.f64(),
              deficitMw: b.deficitMw.f64(),
              excessMw: b.excessMw.f64(),
              spotPrice: b.spotPrice.f64(),
            },
          }),
      ...(system.nonControllableSources.length === 0
        ? {}
        : {
            nonControllables: {
              stageId: n.stageId.i32(),
              blockId: n.blockId.i32(),
              nonControllableId: n.nonControllableId.i32(),
              generationMw: n.generationMw.f64(),
              availableMw: n.availableMw.f64(),
              curtailmentMw: n.curtailmentMw.f64(),
              curtailmentCost: n.curtailmentCost.f64(),
              operativeStateCode: n.operativeStateCode.i8(),
            },
          }),
      ...(system.pumpingStations.length === 0
        ? {}
        : {
            pumpingStations: {
              stageId: this.pumping.stageId.i32(),
              blockId: this.pumping.blockId.i32(),
              pumpingStationId: this.pumping.pumpingStationId.i32(),
              pumpedFlowM3s: this.pumping.pumpedFlowM3s.f64(),
              powerConsumptionMw: this.pumping.powerConsumptionMw.f64(),
              operativeStateCode: this.pumping.operativeStateCode.i8(),
            },
          }),
      ...(system.energyContracts.length === 0
        ? {}
        : {
            contracts: {
              stageId: this.contracts.stageId.i32(),
              blockId: this.contracts.blockId.i32(),
              contractId: this.contracts.contractId.i32(),
              powerMw: this.contracts.powerMw.f64(),
              pricePerMwh: this.contracts.pricePerMwh.f64(),
              totalCost: this.contracts.totalCost.f64(),
              operativeStateCode: this.contracts.operativeStateCode.i8(),
            },
          }),
      inflowLags: {
        stageId: this.lags.stageId.i32(),
        hydroId: this.lags.hydroId.i32(),
        lagIndex: this.lags.lagIndex.i32(),
        inflowM3s: this.lags.inflowM3s.f64(),
      },
    };
  }
}
