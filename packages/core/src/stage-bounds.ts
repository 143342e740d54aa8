/**
 * Resolves the stage-varying values of every entity: base values from `system/*.json`
 * overridden by the sparse rows of `constraints/*_bounds.parquet` and block factors. One
 * resolution for every consumer: the stage LPs and the `bounds.parquet` dictionary.
 */
import type { Constraints } from "./case-data";
import type {
  Bus,
  EnergyContract,
  Hydro,
  HydroPenalties,
  Line,
  NonControllableSource,
  PumpingStation,
  Thermal,
} from "./entities";
import type { Stage } from "./stages";
import type { System } from "./system";

export interface HydroStageBounds {
  minStorageHm3: number;
  maxStorageHm3: number;
  minTurbinedM3s: number;
  maxTurbinedM3s: number;
  minOutflowM3s: number;
  maxOutflowM3s: number | null;
  minGenerationMw: number;
  maxGenerationMw: number;
  waterWithdrawalM3s: number;
  /** Diversion channel capacity override; null keeps the entity's `max_flow_m3s`. */
  maxDiversionM3s: number | null;
}

const NO_OVERRIDES: Constraints = {
  thermalBounds: [],
  hydroBounds: [],
  lineBounds: [],
  pumpingBounds: [],
  contractBounds: [],
  ncsBounds: [],
  exchangeFactors: [],
  genericConstraintBounds: [],
  penaltyOverrides: { bus: [], line: [], hydro: [], ncs: [] },
};

function index<T extends { stageId: number }>(rows: readonly T[], key: (r: T) => number): Map<string, T> {
  const m = new Map<string, T>();
  for (const r of rows) m.set(`${key(r)}:${r.stageId}`, r);
  return m;
}

export class StageBounds {
  private readonly hydro: Map<string, Constraints["hydroBounds"][number]>;
  private readonly thermal: Map<string, Constraints["thermalBounds"][number]>;
  private readonly line: Map<string, Constraints["lineBounds"][number]>;
  private readonly exchange: Map<string, Constraints["exchangeFactors"][number]>;
  private readonly pumping: Map<string, Constraints["pumpingBounds"][number]>;
  private readonly contract: Map<string, Constraints["contractBounds"][number]>;
  private readonly ncs: Map<string, Constraints["ncsBounds"][number]>;
  private readonly penalty: {
    readonly hydro: Map<string, Constraints["penaltyOverrides"]["hydro"][number]>;
    readonly bus: Map<string, Constraints["penaltyOverrides"]["bus"][number]>;
    readonly line: Map<string, Constraints["penaltyOverrides"]["line"][number]>;
    readonly ncs: Map<string, Constraints["penaltyOverrides"]["ncs"][number]>;
  };

  readonly constraints: Constraints;

  /** Without `constraints`, every stage keeps the entities' base values. */
  constructor(
    readonly system: System,
    constraints?: Constraints,
  ) {
    const c = constraints ?? NO_OVERRIDES;
    this.constraints = c;
    this.hydro = index(c.hydroBounds, (r) => r.hydroId);
    this.thermal = index(c.thermalBounds, (r) => r.thermalId);
    this.line = index(c.lineBounds, (r) => r.lineId);
    this.exchange = index(c.exchangeFactors, (r) => r.lineId);
    this.pumping = index(c.pumpingBounds, (r) => r.stationId);
    this.contract = index(c.contractBounds, (r) => r.contractId);
    this.ncs = index(c.ncsBounds, (r) => r.ncsId);
    const po = c.penaltyOverrides;
    this.penalty = {
      hydro: index(po.hydro, (r) => r.hydroId),
      bus: index(po.bus, (r) => r.busId),
      line: index(po.line, (r) => r.lineId),
      ncs: index(po.ncs, (r) => r.ncsId),
    };
  }

  hydroBounds(h: Hydro, stage: Stage): HydroStageBounds {
    const o = this.hydro.get(`${h.id}:${stage.id}`);
    return {
      minStorageHm3: o?.minStorageHm3 ?? h.minStorageHm3,
      maxStorageHm3: o?.maxStorageHm3 ?? h.maxStorageHm3,
      minTurbinedM3s: o?.minTurbinedM3s ?? h.generation.minTurbinedM3s,
      maxTurbinedM3s: o?.maxTurbinedM3s ?? h.generation.maxTurbinedM3s,
      minOutflowM3s: o?.minOutflowM3s ?? h.minOutflowM3s,
      maxOutflowM3s: o?.maxOutflowM3s ?? h.maxOutflowM3s,
      minGenerationMw: o?.minGenerationMw ?? h.generation.minGenerationMw,
      maxGenerationMw: o?.maxGenerationMw ?? h.generation.maxGenerationMw,
      waterWithdrawalM3s: o?.waterWithdrawalM3s ?? 0,
      maxDiversionM3s: o?.maxDiversionM3s ?? null,
    };
  }

  thermalBounds(t: Thermal, stage: Stage): { minMw: number; maxMw: number; costPerMwh: number } {
    const o = this.thermal.get(`${t.id}:${stage.id}`);
    return {
      minMw: o?.minGenerationMw ?? t.minGenerationMw,
      maxMw: o?.maxGenerationMw ?? t.maxGenerationMw,
      costPerMwh: o?.costPerMwh ?? t.costPerMwh,
    };
  }

  /** Line capacities of one block, with exchange factors applied. */
  /** Line capacities of the stage (`line_bounds.parquet`), before block exchange factors. */
  lineStageCapacity(l: Line, stage: Stage): { directMw: number; reverseMw: number } {
    const o = this.line.get(`${l.id}:${stage.id}`);
    return { directMw: o?.directMw ?? l.directMw, reverseMw: o?.reverseMw ?? l.reverseMw };
  }

  /** Line capacities of one block, with exchange factors applied. */
  lineCapacity(l: Line, stage: Stage, blockId: number): { directMw: number; reverseMw: number } {
    const cap = this.lineStageCapacity(l, stage);
    const f = this.exchange.get(`${l.id}:${stage.id}`)?.blockFactors.find((b) => b.blockId === blockId);
    return { directMw: cap.directMw * (f?.directFactor ?? 1), reverseMw: cap.reverseMw * (f?.reverseFactor ?? 1) };
  }

  pumpingBounds(p: PumpingStation, stage: Stage): { minM3s: number; maxM3s: number } {
    const o = this.pumping.get(`${p.id}:${stage.id}`);
    return { minM3s: o?.minM3s ?? p.minFlowM3s, maxM3s: o?.maxM3s ?? p.maxFlowM3s };
  }

  contractBounds(c: EnergyContract, stage: Stage): { minMw: number; maxMw: number; pricePerMwh: number } {
    const o = this.contract.get(`${c.id}:${stage.id}`);
    return { minMw: o?.minMw ?? c.minMw, maxMw: o?.maxMw ?? c.maxMw, pricePerMwh: o?.pricePerMwh ?? c.pricePerMwh };
  }

  /** Available generation of a non-controllable source (`ncs_bounds.parquet`, else installed capacity). */
  ncsAvailableMw(n: NonControllableSource, stage: Stage): number {
    return this.ncs.get(`${n.id}:${stage.id}`)?.availableGenerationMw ?? n.maxGenerationMw;
  }

  /**
   * Hydro penalties at a stage: the stage row of `penalty_overrides_hydro.parquet` over the
   * entity's resolved values. A symmetric evaporation/withdrawal cost applies to both
   * directions unless the directional column is set (book, hydro guide "Penalties").
   */
  hydroPenalties(h: Hydro, stage: Stage): HydroPenalties {
    const o = this.penalty.hydro.get(`${h.id}:${stage.id}`);
    if (o === undefined) return h.penalties;
    const pick = (key: string, base: number): number => {
      const v = o[key];
      return typeof v === "number" ? v : base;
    };
    const p = h.penalties;
    const evap = o.evaporationViolationCost;
    const withdrawal = o.waterWithdrawalViolationCost;
    const sym = (v: number | null | undefined, base: number): number => (typeof v === "number" ? v : base);
    return {
      spillageCost: pick("spillageCost", p.spillageCost),
      fphaTurbinedCost: pick("fphaTurbinedCost", p.fphaTurbinedCost),
      diversionCost: pick("diversionCost", p.diversionCost),
      storageViolationBelowCost: pick("storageViolationBelowCost", p.storageViolationBelowCost),
      fillingTargetViolationCost: pick("fillingTargetViolationCost", p.fillingTargetViolationCost),
      turbinedViolationBelowCost: pick("turbinedViolationBelowCost", p.turbinedViolationBelowCost),
      outflowViolationBelowCost: pick("outflowViolationBelowCost", p.outflowViolationBelowCost),
      outflowViolationAboveCost: pick("outflowViolationAboveCost", p.outflowViolationAboveCost),
      generationViolationBelowCost: pick("generationViolationBelowCost", p.generationViolationBelowCost),
      evaporationViolationPosCost: pick("evaporationViolationPosCost", sym(evap, p.evaporationViolationPosCost)),
      evaporationViolationNegCost: pick("evaporationViolationNegCost", sym(evap, p.evaporationViolationNegCost)),
      waterWithdrawalViolationPosCost: pick(
        "waterWithdrawalViolationPosCost",
        sym(withdrawal, p.waterWithdrawalViolationPosCost),
      ),
      waterWithdrawalViolationNegCost: pick(
        "waterWithdrawalViolationNegCost",
        sym(withdrawal, p.waterWithdrawalViolationNegCost),
      ),
      inflowNonnegativityCost: pick("inflowNonnegativityCost", p.inflowNonnegativityCost),
    };
  }

  busExcessCost(b: Bus, stage: Stage): number {
    return this.penalty.bus.get(`${b.id}:${stage.id}`)?.excessCost ?? b.excessCost;
  }

  lineExchangeCost(l: Line, stage: Stage): number {
    return this.penalty.line.get(`${l.id}:${stage.id}`)?.exchangeCost ?? l.exchangeCost;
  }

  ncsCurtailmentCost(n: NonControllableSource, stage: Stage): number {
    return this.penalty.ncs.get(`${n.id}:${stage.id}`)?.curtailmentCost ?? n.curtailmentCost;
  }
}
