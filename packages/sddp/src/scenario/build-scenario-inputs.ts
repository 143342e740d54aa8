/**
 * Turns a loaded case into the engine's `ScenarioInputs`: the PAR(p) inflow model
 * (from seasonal statistics and AR coefficients), load statistics and block factors,
 * and the backward-pass opening tree (generated from the seed, or the user's
 * `scenarios/noise_openings.parquet`).
 */
import type { Case } from "@cobre/core";
import {
  buildEntityLayout,
  buildParModel,
  generateOpeningTree,
  type EntityType,
  type PreparedCorrelation,
  prepareCorrelation,
  openingTreeFromValues,
  type OpeningTree,
  type HistoricalNoiseSource,
  type SamplingMethod,
  parseSamplingMethod,
} from "@cobre/stochastic";
import { type InflowModelInputs, inflowModelInputs } from "./inflow-model-inputs";
import { buildHistoricalLibrary } from "./historical-windows";
import { lagStatsSources, observedShare, planLagTransitions } from "../lp/lag-transitions";
import { ncsInputs } from "./ncs-inputs";
import type { ScenarioInputs } from "./scenario-inputs";
import type { EngineWarning } from "../warnings";
import type { SddpError } from "../errors";
import { type Result, err, ok } from "@cobre/core";

/**
 * @param inflowModel the case's inflow model when the caller has it already (it runs the
 *   estimation from history when the case asks for one); computed here otherwise
 */
export function buildScenarioInputs(
  c: Case,
  seed: number,
  inflowModel?: InflowModelInputs,
): Result<ScenarioInputs, SddpError> {
  const { system, scenarios } = c;
  const stages = system.stages;
  const T = stages.length;
  const H = system.hydros.length;
  const B = system.buses.length;
  const hydroIds = system.hydros.map((h) => h.id);

  const parInputs = inflowModel === undefined ? inflowModelInputs(c) : ok(inflowModel);
  if (!parInputs.ok) return parInputs;
  const par = buildParModel({
    hydroIds,
    stages: stages.map((s) => (s.seasonId === null ? { id: s.id } : { id: s.id, seasonId: s.seasonId })),
    preStudyStages: system.preStudyStages.map((s) =>
      s.seasonId === null ? { id: s.id } : { id: s.id, seasonId: s.seasonId },
    ),
    seasonalStats: parInputs.value.seasonalStats,
    arCoefficients: parInputs.value.arCoefficients,
    annualComponents: parInputs.value.annualComponents,
    ...lagStatsOption(system),
  });
  if (!par.ok) {
    return err({
      kind: "InvalidOptions",
      message: `inflow model: ${par.error.message}`,
      context: { file: "scenarios/inflow_seasonal_stats.parquet" },
    });
  }
  const model = par.value;
  const P = model.maxOrder;

  // Loads: mean and std per (stage, bus); buses with any std > 0 are stochastic.
  const loadMeanMw = new Float64Array(T * B);
  const loadStdMw = new Float64Array(T * B);
  const busPos = new Map(system.buses.map((b, i) => [b.id, i]));
  const stagePos = new Map(stages.map((s, i) => [s.id, i]));
  for (const row of scenarios.loadSeasonalStats) {
    const b = busPos.get(row.busId);
    const t = stagePos.get(row.stageId);
    if (b === undefined || t === undefined) continue;
    loadMeanMw[t * B + b] = row.meanMw;
    loadStdMw[t * B + b] = row.stdMw;
  }
  const stochasticBuses = system.buses.filter((_, b) => {
    for (let t = 0; t < T; t++) if (loadStdMw[t * B + b]! > 0) return true;
    return false;
  });
  const ncs = ncsInputs(c);
  const layout = buildEntityLayout({
    hydroIds,
    loadBusIds: stochasticBuses.map((b) => b.id),
    ncsIds: ncs.stochasticIds,
  });
  if (!layout.ok) return err({ kind: "InternalPanic", message: layout.error.message, context: {} });
  const loadNoiseSlot = new Int32Array(B).fill(-1);
  layout.value.loadBusIds.forEach((id, k) => {
    loadNoiseSlot[busPos.get(id)!] = layout.value.loadOffset + k;
  });
  const dim = layout.value.dim;
  const ncsNoiseSlot = new Int32Array(ncs.numNcs).fill(-1);
  layout.value.ncsIds.forEach((id, k) => {
    const n = system.nonControllableSources.findIndex((x) => x.id === id);
    if (n >= 0) ncsNoiseSlot[n] = layout.value.ncsOffset + k;
  });

  const loadFactors = stages.map((stage) => {
    const K = stage.blocks.length;
    const f = new Float64Array(B * K).fill(1);
    for (const entry of scenarios.loadFactors) {
      if (entry.stageId !== stage.id) continue;
      const b = busPos.get(entry.entityId);
      if (b === undefined) continue;
      for (const bf of entry.blockFactors) {
        const k = stage.blocks.findIndex((blk) => blk.id === bf.blockId);
        if (k >= 0) f[b * K + k] = bf.factor;
      }
    }
    return f;
  });

  // Spatial correlation of generated openings: scenarios/correlation.json, else the one
  // estimated from the history's PAR residuals (estimation paths); a user-supplied tree is
  // taken as it is, already correlated.
  let correlation: PreparedCorrelation | undefined;
  const correlationModel = scenarios.correlation ?? parInputs.value.estimatedCorrelation ?? null;
  const correlationFile =
    scenarios.correlation === null ? "scenarios/inflow_history.parquet" : "scenarios/correlation.json";
  if (correlationModel !== null) {
    const model = correlationModel;
    const prepared = prepareCorrelation(
      {
        method: model.method,
        profiles: Object.fromEntries(
          Object.entries(model.profiles).map(([name, profile]) => [
            name,
            {
              groups: profile.correlationGroups.map((g) => ({
                name: g.name,
                entities: g.entities.map((e) => ({ type: e.type as EntityType, id: e.id })),
                matrix: g.matrix,
              })),
            },
          ]),
        ),
        ...(model.schedule === null ? {} : { schedule: model.schedule }),
      },
      layout.value.entities,
      stages.map((s) => s.id),
    );
    if (!prepared.ok) {
      return err({
        kind: "InvalidOptions",
        message: `correlation: ${prepared.error.message}`,
        context: { file: correlationFile },
        suggestion: "Correlation matrices must be square and symmetric, with a unit diagonal and entries in [-1, 1].",
      });
    }
    correlation = prepared.value;
  }

  // Lag slots and their stage-to-stage transitions (multi-resolution studies).
  const parOrders = stages.map((_, t) => {
    let m = 0;
    for (let h = 0; h < H; h++) m = Math.max(m, model.stageOrder[t * H + h]!);
    return m;
  });
  const plan = planLagTransitions(
    stages,
    system.seasonDefinitions,
    parOrders,
    system.initialConditions.recentObservations,
  );
  if (!plan.ok) {
    return err({
      kind: "InvalidOptions",
      message: `inflow lags: ${plan.message}`,
      context: { file: "stages.json" },
      suggestion: "order stages from fine to coarse resolution (e.g. weeks, then months, then quarters)",
    });
  }
  const S = plan.value.slots;
  const lagCoefficient = new Float64Array(T * H * S);
  for (let i = 0; i < T * H; i++) {
    for (let k = 0; k < P; k++) lagCoefficient[i * S + k] = model.lagCoefficient[i * P + k]!;
  }

  // Initial lags: past_inflows (most recent first), else the mean of pre-study stage −k,
  // else — monthly seasons, lags beyond the pre-study stages (PAR(p)-A reads 12) — the
  // mean of the season k months before the first stage; the accumulator starts with the
  // recent observations of the first period.
  const seasonOfStage = new Map([...system.preStudyStages, ...stages].map((s) => [s.id, s.seasonId]));
  const seasonMean = (hydroId: number, seasonId: number): number | undefined =>
    parInputs.value.seasonalStats.find((r) => r.hydroId === hydroId && seasonOfStage.get(r.stageId) === seasonId)
      ?.meanM3s;
  const firstSeason = stages[0]?.seasonId ?? null;
  const monthly = system.seasonDefinitions?.cycleType === "monthly" && firstSeason !== null;
  const initialLags = new Float64Array(H * S);
  for (let h = 0; h < H; h++) {
    const past = system.initialConditions.pastInflows.find((p) => p.hydroId === hydroIds[h]);
    for (let k = 1; k <= plan.value.lagSlots; k++) {
      const fromPast = past?.valuesM3s[k - 1];
      const stat = parInputs.value.seasonalStats.find((s) => s.hydroId === hydroIds[h] && s.stageId === -k);
      const seasonal = monthly ? seasonMean(hydroIds[h]!, (((firstSeason - k) % 12) + 12) % 12) : undefined;
      initialLags[(k - 1) * H + h] = fromPast ?? stat?.meanM3s ?? seasonal ?? model.mean[h] ?? 0;
    }
    if (plan.value.accumulatorSlot >= 0 && stages[0] !== undefined) {
      let seed = 0;
      for (const o of system.initialConditions.recentObservations) {
        if (o.hydroId !== hydroIds[h]) continue;
        seed += o.valueM3s * observedShare(plan.value, stages[0].startDate, o.startDate, o.endDate);
      }
      initialLags[plan.value.accumulatorSlot * H + h] = seed;
    }
  }
  const lagInputs = {
    lagOrder: S,
    inflowLagSlots: plan.value.lagSlots,
    inflowBase: model.base,
    inflowLagCoefficient: lagCoefficient,
    inflowNoiseScale: model.noiseScale,
    initialLags,
  };
  const groupIds = noiseGroups(stages);
  const samplingMethods: SamplingMethod[] = [];
  for (const s of stages) {
    const m = parseSamplingMethod(s.samplingMethod);
    if (!m.ok) {
      return err({
        kind: "InvalidOptions",
        message: `stage ${s.id}: ${m.error.message}`,
        context: { file: "stages.json", field: `stages[${s.index}].sampling_method` },
      });
    }
    samplingMethods.push(m.value);
  }

  let tree: Result<OpeningTree, { message: string }>;
  if (scenarios.noiseOpenings !== null && scenarios.noiseOpenings.length > 0) {
    const rows = scenarios.noiseOpenings;
    tree = openingTreeFromValues(
      {
        stageIndex: Int32Array.from(rows, (r) => r.stageId),
        openingIndex: Int32Array.from(rows, (r) => r.openingIndex),
        entityIndex: Int32Array.from(rows, (r) => r.entityIndex),
        value: Float64Array.from(rows, (r) => r.value),
      },
      T,
      stages.map((s) => s.numScenarios),
      dim,
    );
  } else {
    // Per-stage sampling_method; historical_residuals reads the PAR residuals of the
    // history's years (historical-windows.ts) for the hydro slots.
    let historicalNoise: HistoricalNoiseSource | undefined;
    if (samplingMethods.includes("historical_residuals")) {
      const library = buildHistoricalLibrary(
        c,
        { ...lagInputs, numStages: T, numHydros: H },
        c.config.training.scenarioSource.historicalYears,
      );
      if (!library.ok) return library;
      const lib = library.value;
      historicalNoise = {
        nWindows: lib.years.length,
        nHydros: H,
        fill: (window, stageIndex, out) => {
          const at = (window * T + stageIndex) * H;
          for (let h = 0; h < H; h++) out[h] = lib.eta[at + h]!;
        },
      };
    }
    tree = generateOpeningTree({
      seed,
      stageIds: stages.map((s) => s.id),
      openingsPerStage: stages.map((s) => s.numScenarios),
      dim,
      noiseGroupIds: groupIds,
      samplingMethods,
      ...(historicalNoise === undefined ? {} : { historicalNoise }),
      ...(correlation === undefined ? {} : { correlation }),
    });
  }
  if (!tree.ok)
    return err({
      kind: "InvalidOptions",
      message: `opening tree: ${tree.error.message}`,
      context: { file: "scenarios/noise_openings.parquet" },
    });
  const openings: Float64Array[] = [];
  const numOpenings: number[] = [];
  for (let t = 0; t < T; t++) {
    const start = tree.value.stageOffsets[t]!;
    const end = tree.value.stageOffsets[t + 1]!;
    openings.push(tree.value.data.subarray(start, end));
    numOpenings.push(tree.value.openings[t]!);
  }

  return ok({
    numStages: T,
    numHydros: H,
    numBuses: B,
    ...lagInputs,
    lagTransitions: plan.value.transitions,
    loadMeanMw,
    loadStdMw,
    loadFactors,
    numNcs: ncs.numNcs,
    ncsMaxGenMw: ncs.maxGenMw,
    ncsMean: ncs.mean,
    ncsStd: ncs.std,
    ncsFactors: ncs.factors,
    noiseDim: dim,
    loadNoiseSlot,
    ncsNoiseSlot,
    openings,
    numOpenings,
    ...(correlation === undefined ? {} : { correlation }),
    loadOffset: layout.value.loadOffset,
    ncsOffset: layout.value.ncsOffset,
    samplingMethods,
    noiseGroupIds: groupIds,
    warnings: [
      ...(parInputs.value.warnings ?? []).map(
        (message): EngineWarning => ({
          kind: "EstimationWarning",
          message,
          context: { file: "scenarios/inflow_history.parquet" },
        }),
      ),
      ...(correlation?.warnings ?? []).map(
        (w): EngineWarning => ({
          kind: "CorrelationClipped",
          message: w.message,
          context: { profile: w.profile, group: w.group, clippedEigenvalues: w.clippedEigenvalues },
        }),
      ),
      ...stages.flatMap((s, t): EngineWarning[] =>
        numOpenings[t]! < s.numScenarios
          ? [
              {
                kind: "OpeningsClamped",
                message: `stage ${s.id} has ${numOpenings[t]} openings instead of num_scenarios ${s.numScenarios} (only that many historical years)`,
                context: { stageId: s.id },
              },
            ]
          : [],
      ),
    ],
  });
}

/**
 * Noise groups (book, "Multi-Resolution Studies"): consecutive stages of one season
 * within one year (e.g. the weekly stages of April) share their noise draws. The key
 * passed to the tree generator is the first stage id of the run; stages without a
 * season are their own group.
 */
function noiseGroups(stages: Case["system"]["stages"]): number[] {
  let previous = "";
  let groupId = -1;
  return stages.map((s) => {
    const key = s.seasonId === null ? `stage:${s.id}` : `${s.seasonId}:${s.startDate.slice(0, 4)}`;
    if (key !== previous || s.seasonId === null) groupId = s.id;
    previous = key;
    return groupId;
  });
}

/** The PAR model's lag-statistics option for a system's calendar (see `lagStatsSources`). */
export function lagStatsOption(system: Case["system"]): {
  lagStatsSource?: NonNullable<ReturnType<typeof lagStatsSources>>;
} {
  const source = lagStatsSources(system.stages, system.preStudyStages, system.seasonDefinitions);
  return source === undefined ? {} : { lagStatsSource: source };
}
