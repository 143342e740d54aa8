/**
 * `PARModel`: the periodic autoregressive inflow model of a case, as the engine builds it
 * (`inflowModelInputs` → `@cobre/stochastic` `buildParModel`, the path of
 * `build-scenario-inputs.ts`), exposed as flat typed arrays.
 *
 * Per study stage t and hydro h (index `t * nHydros + h`):
 *   inflow_t = base_t + Σ_ℓ ψ_{t,ℓ} · inflow_{t−ℓ} + noiseScale_t · η_t,   η ~ N(0, 1)
 * with ψ in original units; `standardizedCoefficients` holds the ψ* of
 * `inflow_ar_coefficients.parquet` (or of the fit of `inflow_history.parquet`).
 */
import type { Case, CorrelationModel, Result } from "@cobre/core";
import { err, ok } from "@cobre/core";
import { buildParModel, type ParModel } from "@cobre/stochastic";
import { lagStatsOption } from "../scenario/build-scenario-inputs";
import { inflowModelInputs } from "../scenario/inflow-model-inputs";
import { type CaseLike, caseOf } from "./case-like";
import type { CobreError } from "@cobre/core";
import { ValidationError, fromSddpError, toCobreError } from "./errors";

/** One correlation group of `scenarios/correlation.json`, its matrix row-major. */
export interface CorrelationGroupView {
  readonly name: string;
  readonly entities: readonly { readonly type: string; readonly id: number }[];
  /** n × n, row-major. */
  readonly matrix: Float64Array;
}

export class PARModel {
  /** Hydro ids, in the engine's (ascending id) order: entity index h. */
  readonly hydroIds: readonly number[];
  /** Study stage ids, in order: stage index t. */
  readonly stageIds: readonly number[];
  /** Season of each study stage (−1 when the stage has none). */
  readonly seasonIds: Int32Array;
  /** Largest AR order over all hydros and stages: the stride of the coefficient arrays. */
  readonly maxOrder: number;
  /** Per hydro: largest order over the study stages. */
  readonly order: Int32Array;
  /** [t * H + h]: order of the stage equation. */
  readonly stageOrder: Int32Array;
  /** [t * H + h]: seasonal mean inflow (m³/s). */
  readonly mean: Float64Array;
  /** [t * H + h]: seasonal standard deviation (m³/s). */
  readonly std: Float64Array;
  /** [t * H + h]: constant term of the affine form. */
  readonly base: Float64Array;
  /** [t * H + h]: residual standard deviation σ_t = std_t · residual_std_ratio_t. */
  readonly noiseScale: Float64Array;
  /** [(t * H + h) * maxOrder + ℓ − 1]: ψ in original units. */
  readonly lagCoefficients: Float64Array;
  /** [(t * H + h) * maxOrder + ℓ − 1]: ψ* (standardized), as given or fitted. */
  readonly standardizedCoefficients: Float64Array;
  /**
   * Correlation groups per profile name: `correlation.json`, else the correlation estimated
   * from the history's residuals (estimation paths), else empty.
   */
  readonly correlationProfiles: ReadonlyMap<string, readonly CorrelationGroupView[]>;

  constructor(
    model: ParModel,
    standardized: Float64Array,
    seasonIds: Int32Array,
    private readonly correlation: CorrelationModel | null,
  ) {
    this.hydroIds = model.hydroIds;
    this.stageIds = model.stageIds;
    this.seasonIds = seasonIds;
    this.maxOrder = model.maxOrder;
    this.order = model.order;
    this.stageOrder = model.stageOrder;
    this.mean = model.mean;
    this.std = model.std;
    this.base = model.base;
    this.noiseScale = model.noiseScale;
    this.lagCoefficients = model.lagCoefficient;
    this.standardizedCoefficients = standardized;
    const profiles = new Map<string, CorrelationGroupView[]>();
    for (const [name, p] of Object.entries(correlation?.profiles ?? {})) {
      profiles.set(
        name,
        p.correlationGroups.map((g) => ({
          name: g.name,
          entities: g.entities,
          matrix: Float64Array.from(g.matrix.flat()),
        })),
      );
    }
    this.correlationProfiles = profiles;
  }

  get nHydros(): number {
    return this.hydroIds.length;
  }

  get nStages(): number {
    return this.stageIds.length;
  }

  /** Seasonal means of hydro index `h`, one per study stage (a copy). */
  seasonalMeans(h: number): Float64Array {
    return this.column(this.mean, h);
  }

  /** Seasonal standard deviations of hydro index `h`, one per study stage (a copy). */
  seasonalStds(h: number): Float64Array {
    return this.column(this.std, h);
  }

  /** ψ_{t,1..p} (original units) of hydro index `h` at stage index `t`; length = that stage's order. */
  arCoefficients(h: number, t: number): Float64Array {
    const i = this.index(h, t);
    return this.lagCoefficients.slice(i * this.maxOrder, i * this.maxOrder + this.stageOrder[i]!);
  }

  /**
   * The inflow correlation matrix (nHydros × nHydros, row-major) at stage index `t`: the
   * "inflow" groups of the profile scheduled for the stage (else `default`, else the only
   * profile); identity where hydros are in no group.
   */
  correlationMatrix(t: number): Float64Array {
    const H = this.nHydros;
    const out = new Float64Array(H * H);
    for (let h = 0; h < H; h++) out[h * H + h] = 1;
    const stageId = this.stageIds[t];
    const scheduled = this.correlation?.schedule?.find((s) => s.stageId === stageId)?.profileName;
    const names = [...this.correlationProfiles.keys()];
    const name =
      scheduled ?? (this.correlationProfiles.has("default") ? "default" : names.length === 1 ? names[0] : undefined);
    const pos = new Map(this.hydroIds.map((id, h) => [id, h]));
    for (const g of (name === undefined ? undefined : this.correlationProfiles.get(name)) ?? []) {
      const n = g.entities.length;
      g.entities.forEach((a, i) => {
        g.entities.forEach((b, j) => {
          const hi = pos.get(a.id);
          const hj = pos.get(b.id);
          if (a.type === "inflow" && b.type === "inflow" && hi !== undefined && hj !== undefined)
            out[hi * H + hj] = g.matrix[i * n + j]!;
        });
      });
    }
    return out;
  }

  private index(h: number, t: number): number {
    if (!(h >= 0 && h < this.nHydros && t >= 0 && t < this.nStages))
      throw new RangeError(`no (hydro index ${h}, stage index ${t}) in a ${this.nHydros} × ${this.nStages} model`);
    return t * this.nHydros + h;
  }

  private column(a: Float64Array, h: number): Float64Array {
    this.index(h, 0);
    return Float64Array.from({ length: this.nStages }, (_, t) => a[t * this.nHydros + h]!);
  }
}

/**
 * Builds the PAR model of a case exactly as the engine does.
 *
 * @example
 * ```ts
 * const par = parModel(loaded.value);
 * if (par.ok) console.log(par.value.order, par.value.seasonalMeans(0));
 * ```
 */
export function parModel(input: CaseLike): Result<PARModel, CobreError> {
  const c: Case = caseOf(input);
  try {
    const parInputs = inflowModelInputs(c);
    if (!parInputs.ok) return err(fromSddpError(parInputs.error));
    const { system } = c;
    const stage = (s: { id: number; seasonId: number | null }) =>
      s.seasonId === null ? { id: s.id } : { id: s.id, seasonId: s.seasonId };
    const built = buildParModel({
      hydroIds: system.hydros.map((h) => h.id),
      stages: system.stages.map(stage),
      preStudyStages: system.preStudyStages.map(stage),
      seasonalStats: parInputs.value.seasonalStats,
      arCoefficients: parInputs.value.arCoefficients,
      annualComponents: parInputs.value.annualComponents,
      ...lagStatsOption(system),
    });
    if (!built.ok) {
      const message = `inflow model: ${built.error.message}`;
      const context = { file: "scenarios/inflow_seasonal_stats.parquet" };
      return err(
        new ValidationError({ kind: "IncompatibleSettings", message, context }, [
          { kind: "IncompatibleSettings", message, context },
        ]),
      );
    }
    const m = built.value;
    const P = m.maxOrder;
    const standardized = new Float64Array(m.nStages * m.nHydros * P);
    const hPos = new Map(m.hydroIds.map((id, h) => [id, h]));
    const tPos = new Map(m.stageIds.map((id, t) => [id, t]));
    for (const r of parInputs.value.arCoefficients) {
      const h = hPos.get(r.hydroId);
      const t = tPos.get(r.stageId);
      if (h !== undefined && t !== undefined && r.lag >= 1 && r.lag <= P)
        standardized[(t * m.nHydros + h) * P + r.lag - 1] = r.coefficient;
    }
    const seasons = Int32Array.from(system.stages, (s) => s.seasonId ?? -1);
    const correlation = c.scenarios.correlation ?? parInputs.value.estimatedCorrelation ?? null;
    return ok(new PARModel(m, standardized, seasons, correlation));
  } catch (e) {
    return err(toCobreError(e));
  }
}
