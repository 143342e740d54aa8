/**
 * Resolves the stage-varying values of every entity: base values from `system/*.json`
 * overridden by the sparse rows of `constraints/*_bounds.parquet` and block factors.
 */
import type { Constraints, Hydro, Line, Stage, System, Thermal } from "@cobre/core";

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
}

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

  constructor(
    readonly system: System,
    readonly constraints: Constraints,
  ) {
    this.hydro = index(constraints.hydroBounds, (r) => r.hydroId);
    this.thermal = index(constraints.thermalBounds, (r) => r.thermalId);
    this.line = index(constraints.lineBounds, (r) => r.lineId);
    this.exchange = index(constraints.exchangeFactors, (r) => r.lineId);
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
  lineCapacity(l: Line, stage: Stage, blockId: number): { directMw: number; reverseMw: number } {
    const o = this.line.get(`${l.id}:${stage.id}`);
    const f = this.exchange.get(`${l.id}:${stage.id}`)?.blockFactors.find((b) => b.blockId === blockId);
    return {
      directMw: (o?.directMw ?? l.directMw) * (f?.directFactor ?? 1),
      reverseMw: (o?.reverseMw ?? l.reverseMw) * (f?.reverseFactor ?? 1),
    };
  }
}
