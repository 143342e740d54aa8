/**
 * Where forward-pass and simulation noise comes from (`scenario_source` of config.json),
 * per class of random quantity:
 *
 * - `in_sample`: the noise of one opening of the backward tree, picked uniformly by the
 *   counter RNG at (iteration, scenario, stage);
 * - `out_of_sample`: fresh correlated normals from their own stream (seed
 *   `scenario_source.seed`, else the tree seed);
 * - `external`: the realizations of `external_{inflow,load,ncs}_scenarios.parquet`, scenario
 *   m replaying external scenario m mod (number of external scenarios);
 * - `historical` (inflow only): the inflows of a year of `inflow_history.parquet` (see
 *   historical-windows.ts), the window chosen without replacement per round of scenarios,
 *   and the trajectory starting from that window's own lag state.
 *
 * Every draw is a pure function of its counters, so workers agree whatever the split.
 */
import type { Case, SamplingScheme, ScenarioSourceConfig } from "@cobre/core";
import { type Result, err, ok } from "@cobre/core";
import {
  type OutOfSampleSampler,
  type SamplingWarning,
  buildOutOfSampleSampler,
  sampleForwardNoise,
} from "@cobre/stochastic";
import type { SddpError } from "../errors";
import type { ScenarioInputs } from "./scenario-inputs";
import { OpeningSampler } from "./sampling";
import { buildHistoricalLibrary, type HistoricalLibrary, WindowSelector } from "./historical-windows";
import type { FixedRealization } from "../lp/stage-patch";

/** External realizations indexed [scenario][stage] → per-entity values (NaN when absent). */
type ExternalTable = Float64Array[][];

function externalTable(
  rows: Case["scenarios"]["externalInflow"],
  ids: readonly number[],
  stageIds: readonly number[],
): ExternalTable {
  const entityPos = new Map(ids.map((id, i) => [id, i]));
  const stagePos = new Map(stageIds.map((id, i) => [id, i]));
  const scenarioIds = [...new Set(rows.map((r) => r.scenarioId))].sort((a, b) => a - b);
  const scenarioPos = new Map(scenarioIds.map((id, i) => [id, i]));
  const table: ExternalTable = scenarioIds.map(() => stageIds.map(() => new Float64Array(ids.length).fill(Number.NaN)));
  for (const r of rows) {
    const e = entityPos.get(r.entityId);
    const t = stagePos.get(r.stageId);
    const m = scenarioPos.get(r.scenarioId);
    if (e !== undefined && t !== undefined && m !== undefined) table[m]![t]![e] = r.value;
  }
  return table;
}

export class ForwardNoise {
  private readonly inSample: OpeningSampler;
  private readonly outOfSample: OutOfSampleSampler | null;
  private readonly fresh: Float64Array;
  private readonly inflows: ExternalTable | null;
  private readonly loads: ExternalTable | null;
  private readonly fixed: {
    inflowM3s: Float64Array | null;
    loadMw: Float64Array | null;
    ncsAvailability: Float64Array | null;
  } = {
    inflowM3s: null,
    loadMw: null,
    ncsAvailability: null,
  };
  private readonly ncs: ExternalTable | null;
  private readonly history: { library: HistoricalLibrary; selector: WindowSelector; states: Float64Array[] } | null;

  private constructor(
    private readonly inputs: ScenarioInputs,
    private readonly schemes: { inflow: SamplingScheme; load: SamplingScheme; ncs: SamplingScheme },
    treeSeed: number,
    sourceSeed: number,
    outOfSample: OutOfSampleSampler | null,
    inflows: ExternalTable | null,
    loads: ExternalTable | null,
    private readonly baseState: Float64Array,
    library: HistoricalLibrary | null,
    ncs: ExternalTable | null,
  ) {
    this.ncs = ncs;
    this.inSample = new OpeningSampler(treeSeed);
    this.outOfSample = outOfSample;
    this.fresh = new Float64Array(Math.max(1, inputs.noiseDim));
    this.inflows = inflows;
    this.loads = loads;
    if (library === null) {
      this.history = null;
    } else {
      // One full initial state per window: the case's storage, the window's lags.
      const H = inputs.numHydros;
      const lagLength = H * inputs.lagOrder;
      const states = library.years.map((_, w) => {
        const state = Float64Array.from(baseState);
        state.set(library.initialLags.subarray(w * lagLength, (w + 1) * lagLength), H);
        return state;
      });
      this.history = { library, selector: new WindowSelector(sourceSeed, library.years.length), states };
    }
  }

  static create(
    c: Case,
    inputs: ScenarioInputs,
    source: ScenarioSourceConfig,
    treeSeed: number,
    initialState: Float64Array,
    /** Scenarios per iteration (forward passes, or simulated scenarios): the size of an LHS/QMC design. */
    scenariosPerIteration: number,
  ): Result<ForwardNoise, SddpError> {
    const schemes = { inflow: source.inflow.scheme, load: source.load.scheme, ncs: source.ncs.scheme };
    for (const [cls, scheme] of Object.entries(schemes)) {
      if (scheme === "historical" && cls !== "inflow") {
        return err({
          kind: "InvalidOptions",
          message: `scenario_source.${cls}.scheme "${scheme}" is not supported for the ${cls} class`,
          context: { field: `scenario_source.${cls}.scheme` },
          suggestion: "Historical sampling applies to inflows only; use in_sample, out_of_sample or external here.",
        });
      }
    }
    let library: HistoricalLibrary | null = null;
    if (schemes.inflow === "historical") {
      const built = buildHistoricalLibrary(c, inputs, source.historicalYears);
      if (!built.ok) return built;
      library = built.value;
    }
    const stageIds = c.system.stages.map((s) => s.id);
    const inflows =
      schemes.inflow === "external"
        ? externalTable(
            c.scenarios.externalInflow,
            c.system.hydros.map((h) => h.id),
            stageIds,
          )
        : null;
    const loads =
      schemes.load === "external"
        ? externalTable(
            c.scenarios.externalLoad,
            c.system.buses.map((b) => b.id),
            stageIds,
          )
        : null;
    let ncs: ExternalTable | null = null;
    if (schemes.ncs === "external") {
      const ids = c.system.nonControllableSources.map((n) => n.id);
      // Availability realizations replace mean + std·η, so only sources with statistics
      // (a noise slot) are stochastic; a value for any other one would be silently lost.
      const stochastic = new Set(ids.filter((_, n) => inputs.ncsNoiseSlot[n]! >= 0));
      const orphan = c.scenarios.externalNcs.find((r) => !stochastic.has(r.entityId));
      if (orphan !== undefined) {
        return err({
          kind: "InvalidOptions",
          message: `scenarios/external_ncs_scenarios.parquet has values for non-controllable source ${orphan.entityId}, which has no rows in scenarios/non_controllable_stats.parquet`,
          context: { file: "scenarios/external_ncs_scenarios.parquet", ncsId: orphan.entityId },
          suggestion: "Add its availability statistics, or drop it from the external file.",
        });
      }
      ncs = externalTable(c.scenarios.externalNcs, ids, stageIds);
    }
    for (const [what, table] of [
      ["inflow", inflows],
      ["load", loads],
      ["ncs", ncs],
    ] as const) {
      if (table !== null && table.length === 0) {
        return err({
          kind: "InvalidOptions",
          message: `scenario_source.${what}.scheme is "external" but scenarios/external_${what}_scenarios.parquet has no rows`,
          context: { file: `scenarios/external_${what}_scenarios.parquet` },
        });
      }
    }
    const sourceSeed = Math.abs(source.seed ?? treeSeed);
    let outOfSample: OutOfSampleSampler | null = null;
    if (Object.values(schemes).includes("out_of_sample")) {
      // Fresh noise follows each stage's sampling_method and is shared within noise groups.
      const built = buildOutOfSampleSampler({
        seed: sourceSeed,
        stageIds,
        dim: inputs.noiseDim,
        ...(inputs.correlation === undefined ? {} : { correlation: inputs.correlation }),
        samplingMethods: inputs.samplingMethods,
        scenariosPerIteration: Math.max(1, scenariosPerIteration),
        noiseGroupIds: inputs.noiseGroupIds,
      });
      if (!built.ok) {
        return err({
          kind: "InvalidOptions",
          message: `out-of-sample noise: ${built.error.message}`,
          context: { file: "stages.json", field: "sampling_method" },
        });
      }
      outOfSample = built.value;
    }
    return ok(
      new ForwardNoise(inputs, schemes, treeSeed, sourceSeed, outOfSample, inflows, loads, initialState, library, ncs),
    );
  }

  /** Stages whose method fresh forward noise cannot follow (it falls back to SAA there). */
  get samplingWarnings(): readonly SamplingWarning[] {
    return this.outOfSample?.warnings ?? [];
  }

  /** Number of historical windows replayed (0 without the historical scheme). */
  get historicalWindows(): number {
    return this.history?.library.years.length ?? 0;
  }

  /** The state forward scenario `scenario` of `iteration` starts from. */
  initialState(iteration: number, scenario: number): Float64Array {
    const h = this.history;
    if (h === null) return this.baseState;
    return h.states[h.selector.window(iteration, scenario)]!;
  }

  /**
   * Writes the noise of (iteration, scenario, stage) into `out` and returns the opening
   * used (−1 when none); `realization()` then gives the external values to impose.
   */
  fill(iteration: number, scenario: number, t: number, out: Float64Array): number {
    const { inputs, schemes } = this;
    const dim = inputs.noiseDim;
    const j = this.inSample.pick(iteration, scenario, t, inputs.numOpenings[t]!);
    out.set(inputs.openings[t]!.subarray(j * dim, (j + 1) * dim));
    if (this.outOfSample !== null) {
      sampleForwardNoise(this.outOfSample, iteration, scenario, t, this.fresh);
      const take = (from: number, to: number) => out.set(this.fresh.subarray(from, to), from);
      if (schemes.inflow === "out_of_sample") take(0, inputs.loadOffset);
      if (schemes.load === "out_of_sample") take(inputs.loadOffset, inputs.ncsOffset);
      if (schemes.ncs === "out_of_sample") take(inputs.ncsOffset, dim);
    }
    const onlyInSample = schemes.inflow === "in_sample" && schemes.load === "in_sample" && schemes.ncs === "in_sample";
    if (this.history !== null) {
      const H = inputs.numHydros;
      const T = inputs.numStages;
      const w = this.history.selector.window(iteration, scenario);
      this.fixed.inflowM3s = this.history.library.inflows.subarray((w * T + t) * H, (w * T + t + 1) * H);
    } else {
      this.fixed.inflowM3s = this.inflows === null ? null : this.inflows[scenario % this.inflows.length]![t]!;
    }
    this.fixed.loadMw = this.loads === null ? null : this.loads[scenario % this.loads.length]![t]!;
    this.fixed.ncsAvailability = this.ncs === null ? null : this.ncs[scenario % this.ncs.length]![t]!;
    return onlyInSample ? j : -1;
  }

  /** External values for the last `fill` (null when nothing is imposed). */
  realization(): FixedRealization | null {
    const f = this.fixed;
    return f.inflowM3s === null && f.loadMw === null && f.ncsAvailability === null ? null : f;
  }
}
