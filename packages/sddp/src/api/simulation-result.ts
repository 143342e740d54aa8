/** `SimulationResult`: the costs of a simulated policy and their statistics (Python bindings §2.8). */
import type { CostsColumns, SimulationScenarioResult } from "@cobre/io";
import type { SimulationSummary } from "../simulation/simulate";

export interface CostStats {
  readonly mean: number;
  readonly std: number;
  readonly min: number;
  readonly max: number;
}

/** Component columns of `costs.parquet` (camelCase), e.g. `thermalCost`, `deficitCost`. */
export type CostComponent = Exclude<
  keyof CostsColumns,
  "stageId" | "blockId" | "totalCost" | "immediateCost" | "futureCost" | "discountFactor" | "scenarioId"
>;

/** Sample statistics of the finite values of `values` (NaN entries are skipped scenarios). */
function costStats(values: ArrayLike<number>): CostStats {
  let n = 0;
  let sum = 0;
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (Number.isNaN(v)) continue;
    n++;
    sum += v;
    min = Math.min(min, v);
    max = Math.max(max, v);
  }
  const mean = n > 0 ? sum / n : Number.NaN;
  let ss = 0;
  for (let i = 0; i < values.length; i++) if (!Number.isNaN(values[i]!)) ss += (values[i]! - mean) ** 2;
  return {
    mean,
    std: n > 1 ? Math.sqrt(ss / (n - 1)) : 0,
    min: n > 0 ? min : Number.NaN,
    max: n > 0 ? max : Number.NaN,
  };
}

/** Present value of every cost component of one scenario: Σ over its rows of discount × component. */
export function componentCosts(r: SimulationScenarioResult): Map<CostComponent, number> {
  const c = r.costs;
  const out = new Map<CostComponent, number>();
  for (const [key, col] of Object.entries(c) as [keyof CostsColumns, unknown][]) {
    if (!(col instanceof Float64Array) || ["totalCost", "immediateCost", "futureCost", "discountFactor"].includes(key))
      continue;
    let pv = 0;
    for (let i = 0; i < col.length; i++) pv += c.discountFactor[i]! * col[i]!;
    out.set(key as CostComponent, pv);
  }
  return out;
}

export class SimulationResult {
  constructor(
    readonly summary: SimulationSummary,
    /** Per component: present-value cost per scenario (NaN for skipped scenarios). */
    readonly componentScenarioCosts: ReadonlyMap<CostComponent, Float64Array>,
  ) {}

  /** Number of scenarios requested. */
  get scenarios(): number {
    return this.summary.scenarios;
  }

  /** Present-value cost per scenario, by scenario id (NaN for skipped ones). */
  get scenarioCosts(): Float64Array {
    return this.summary.costs;
  }

  get meanCost(): number {
    return this.summary.meanCost;
  }

  get stdCost(): number {
    return this.summary.stdCost;
  }

  /** Half-width of the 95% confidence interval of the mean cost. */
  get ci95(): number {
    return this.summary.ci95HalfWidth;
  }

  get costStats(): CostStats {
    return costStats(this.summary.costs);
  }

  /** Statistics of each cost component's present value over the scenarios. */
  get componentStats(): ReadonlyMap<CostComponent, CostStats> {
    return new Map([...this.componentScenarioCosts].map(([k, v]) => [k, costStats(v)]));
  }

  get wallTimeMs(): number {
    return this.summary.totalTimeMs;
  }

  get lpSolves(): number {
    return this.summary.lpSolves;
  }
}
