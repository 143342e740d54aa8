/**
 * A small made-up system (3 stages × 2 blocks; 2 hydros, 2 thermals of which one GNL,
 * 2 buses, 1 line, 1 pumping station, 1 contract, 1 wind farm, 1 generic constraint) and
 * deterministic synthetic simulation/training results for the output tests.
 */
import {
  configFileSchema,
  resolveConfig,
  type Config,
  type HydroPenalties,
  type Stage,
  type System,
} from "@cobre/core";
import type { IterationRecord, RankTimingRecord, SimulationScenarioResult, TrainingOutput } from "../src/output/index";

export const HOURS = [100, 200] as const;
export const NUM_STAGES = 3;

const penalties: HydroPenalties = {
  spillageCost: 0.01,
  fphaTurbinedCost: 0,
  diversionCost: 0,
  storageViolationBelowCost: 1000,
  fillingTargetViolationCost: 1000,
  turbinedViolationBelowCost: 1000,
  outflowViolationBelowCost: 1000,
  outflowViolationAboveCost: 1000,
  generationViolationBelowCost: 1000,
  evaporationViolationPosCost: 1000,
  evaporationViolationNegCost: 1000,
  waterWithdrawalViolationPosCost: 1000,
  waterWithdrawalViolationNegCost: 1000,
  inflowNonnegativityCost: 1000,
};

const stage = (i: number): Stage => ({
  id: i,
  index: i,
  startDate: `2026-0${i + 1}-01`,
  endDate: `2026-0${i + 2}-01`,
  seasonId: i,
  blocks: [
    { id: 0, name: "peak", hours: HOURS[0] },
    { id: 1, name: "off", hours: HOURS[1] },
  ],
  numScenarios: 3,
  blockMode: "parallel",
  stateVariables: { storage: true, inflowLags: true },
  riskMeasure: { type: "expectation" },
  samplingMethod: "saa",
});

const hydro = (id: number, name: string, busId: number) => ({
  id,
  name,
  busId,
  downstreamId: null,
  entryStageId: null,
  exitStageId: null,
  minStorageHm3: 10 * (id + 1),
  maxStorageHm3: 1000 * (id + 1),
  minOutflowM3s: 5,
  maxOutflowM3s: null,
  generation: {
    model: "constant_productivity" as const,
    productivityMwPerM3s: 0.9,
    minTurbinedM3s: 0,
    maxTurbinedM3s: 500,
    minGenerationMw: 0,
    maxGenerationMw: 450,
  },
  tailrace: null,
  hydraulicLosses: null,
  efficiency: null,
  evaporation: null,
  diversion: null,
  filling: null,
  penalties,
});

const deficit = [{ depthMw: null, cost: 5000 }];

export const SYSTEM: System = {
  buses: [
    { id: 0, name: 'North, "main"', deficitSegments: deficit, excessCost: 0 },
    { id: 1, name: "South", deficitSegments: deficit, excessCost: 0 },
  ],
  lines: [
    {
      id: 0,
      name: "N-S",
      sourceBusId: 0,
      targetBusId: 1,
      entryStageId: null,
      exitStageId: null,
      directMw: 300,
      reverseMw: 200,
      exchangeCost: 0.5,
      lossesPercent: 2,
    },
  ],
  hydros: [hydro(0, "Upper", 0), hydro(1, "Lower", 1)],
  thermals: [
    {
      id: 0,
      name: "Coal",
      busId: 0,
      entryStageId: null,
      exitStageId: null,
      minGenerationMw: 0,
      maxGenerationMw: 100,
      costPerMwh: 50,
      gnlLagStages: null,
    },
    {
      id: 1,
      name: "LNG",
      busId: 1,
      entryStageId: null,
      exitStageId: null,
      minGenerationMw: 10,
      maxGenerationMw: 200,
      costPerMwh: 80,
      gnlLagStages: 2,
    },
  ],
  nonControllableSources: [
    { id: 0, name: "Wind", busId: 1, entryStageId: null, exitStageId: null, maxGenerationMw: 60, curtailmentCost: 1 },
  ],
  pumpingStations: [
    {
      id: 0,
      name: "Pump",
      busId: 0,
      sourceHydroId: 1,
      destinationHydroId: 0,
      entryStageId: null,
      exitStageId: null,
      consumptionMwPerM3s: 0.3,
      minFlowM3s: 0,
      maxFlowM3s: 40,
    },
  ],
  energyContracts: [
    {
      id: 0,
      name: "Import",
      busId: 0,
      type: "import",
      entryStageId: null,
      exitStageId: null,
      pricePerMwh: 70,
      minMw: 0,
      maxMw: 50,
    },
  ],
  genericConstraints: [
    {
      id: 0,
      name: "gc",
      description: null,
      expression: "thermal_generation(0)",
      lhs: {
        terms: [{ coefficient: 1, variable: "thermal_generation", entityId: 0, blockId: null, column: 1 }],
        constant: 0,
      },
      sense: "<=",
      slack: { enabled: true, penalty: 10 },
    },
  ],
  stages: [stage(0), stage(1), stage(2)],
  preStudyStages: [],
  seasonDefinitions: null,
  policyGraph: { type: "finite_horizon", annualDiscountRate: 0, transitions: [] },
  penalties: {
    bus: { deficitSegments: deficit, excessCost: 0 },
    line: { exchangeCost: 0.5 },
    hydro: {
      ...penalties,
      evaporationViolationCost: 1000,
      waterWithdrawalViolationCost: 1000,
    },
    nonControllableSource: { curtailmentCost: 1 },
  },
  initialConditions: { storage: [], fillingStorage: [], pastInflows: [], recentObservations: [] },
};

export const CONFIG: Config = resolveConfig(
  configFileSchema.parse({
    training: {
      forward_passes: 4,
      tree_seed: 7,
      stopping_rules: [{ type: "iteration_limit", limit: 5 }],
    },
    simulation: { enabled: true, num_scenarios: 4 },
  }),
);

/** Rows for (stage, block, entity) in that order; `value(s, b, e)` fills a float column. */
function grid(entities: readonly number[]) {
  const stageId: number[] = [];
  const blockId: number[] = [];
  const id: number[] = [];
  for (let s = 0; s < NUM_STAGES; s++)
    for (let b = 0; b < HOURS.length; b++)
      for (const e of entities) {
        stageId.push(s);
        blockId.push(b);
        id.push(e);
      }
  const col = (f: (s: number, b: number, e: number, i: number) => number) =>
    Float64Array.from(stageId, (s, i) => f(s, blockId[i]!, id[i]!, i));
  return { stageId: Int32Array.from(stageId), blockId: Int32Array.from(blockId), id: Int32Array.from(id), col };
}

/** Deterministic synthetic result: values encode (scenario, stage, block, entity). */
export function scenarioResult(k: number): SimulationScenarioResult {
  const c = grid([0]);
  const h = grid([0, 1]);
  const t = grid([0, 1]);
  const one = grid([0]);
  const base = (s: number, b: number, e: number) => 1000 * k + 100 * s + 10 * b + e;
  return {
    scenarioId: k,
    costs: {
      stageId: c.stageId,
      blockId: c.blockId,
      totalCost: c.col((s, b) => base(s, b, 0) * 2),
      immediateCost: c.col((s, b) => base(s, b, 0)),
      futureCost: c.col((s, b) => base(s, b, 0)),
      discountFactor: c.col(() => 1),
      thermalCost: c.col((s, b) => base(s, b, 0) / 2),
    },
    hydros: {
      stageId: h.stageId,
      blockId: h.blockId,
      hydroId: h.id,
      turbinedM3s: h.col((s, b, e) => base(s, b, e) + 0.5),
      spillageM3s: h.col(() => 1.25),
      evaporationM3s: h.col((_s, _b, e) => (e === 0 ? 0.75 : Number.NaN)),
      incrementalInflowM3s: h.col((s, b, e) => base(s, b, e) / 10),
      inflowM3s: h.col((s, b, e) => base(s, b, e) / 5),
      storageInitialHm3: h.col(() => 500),
      storageFinalHm3: h.col(() => 490),
      generationMw: h.col((s, b, e) => base(s, b, e) * 0.9),
      waterValuePerHm3: h.col(() => 12.5),
    },
    thermals: {
      stageId: t.stageId,
      blockId: t.blockId,
      thermalId: t.id,
      generationMw: t.col((s, b, e) => 10 + (base(s, b, e) % 90)),
      generationCost: t.col((s, b, e) => 3 * base(s, b, e)),
      gnlCommittedMw: t.col((_s, _b, e) => (e === 1 ? 20 : Number.NaN)),
      gnlDecisionMw: t.col((_s, _b, e) => (e === 1 ? 25 : Number.NaN)),
    },
    exchanges: {
      stageId: one.stageId,
      blockId: one.blockId,
      lineId: one.id,
      directFlowMw: one.col((s) => 100 + s),
      reverseFlowMw: one.col((_s, b) => 10 * b),
    },
    buses: {
      stageId: t.stageId,
      blockId: t.blockId,
      busId: t.id,
      loadMw: t.col((s, b, e) => 400 + (base(s, b, e) % 100)),
      deficitMw: t.col((_s, b) => (b === 1 ? 3 : 0)),
      spotPrice: t.col(() => 55),
    },
    pumpingStations: {
      stageId: one.stageId,
      blockId: one.blockId,
      pumpingStationId: one.id,
      pumpedFlowM3s: one.col(() => 20),
      powerConsumptionMw: one.col(() => 6),
    },
    contracts: {
      stageId: one.stageId,
      blockId: one.blockId,
      contractId: one.id,
      powerMw: one.col(() => 40),
      pricePerMwh: one.col(() => 70),
      totalCost: one.col((_s, b) => 40 * 70 * HOURS[b as 0 | 1]),
    },
    nonControllables: {
      stageId: one.stageId,
      blockId: one.blockId,
      nonControllableId: one.id,
      generationMw: one.col(() => 50),
      availableMw: one.col(() => 60),
      curtailmentMw: one.col(() => 10),
    },
    inflowLags: {
      stageId: Int32Array.from([0, 0, 1, 1, 2, 2]),
      hydroId: Int32Array.from([0, 1, 0, 1, 0, 1]),
      lagIndex: Int32Array.from([1, 1, 1, 1, 1, 1]),
      inflowM3s: Float64Array.from([10, 20, 11, 21, 12, 22]),
    },
    genericViolations: {
      stageId: Int32Array.from([1]),
      blockId: Int32Array.from([-1]),
      constraintId: Int32Array.from([0]),
      slackValue: Float64Array.from([2.5]),
      slackCost: Float64Array.from([25]),
    },
  };
}

export function trainingOutput(iterations = 5): TrainingOutput {
  const records: IterationRecord[] = Array.from({ length: iterations }, (_, i) => ({
    iteration: i + 1,
    lowerBound: 100 + 10 * i,
    upperBoundMean: 200 - 10 * i,
    upperBoundStd: 5,
    upperBoundCi95: 9.8,
    gapPercent: i === 0 ? null : ((100 - 20 * i) / (200 - 10 * i)) * 100,
    cutsAdded: 4,
    cutsRemoved: i,
    cutsActive: 4 * (i + 1) - i,
    timeForwardMs: 10 + i,
    timeBackwardMs: 20 + i,
    timeTotalMs: 35 + 2 * i,
    forwardPasses: 4,
    lpSolves: 48,
    timing: { forwardWallMs: 10 + i, backwardWallMs: 20 + i, overheadMs: 5 },
  }));
  const ranks: RankTimingRecord[] = records.flatMap((r) =>
    [0, 1].map((rank) => ({
      iteration: r.iteration,
      rank,
      forwardTimeMs: 5 + rank,
      backwardTimeMs: 10 + rank,
      communicationTimeMs: 1,
      idleTimeMs: 2 - rank,
      lpSolves: 24,
      scenariosProcessed: 2,
    })),
  );
  return {
    startedAt: "2026-01-17T08:00:00.000Z",
    completedAt: "2026-01-17T08:00:10.000Z",
    iterations: records,
    rankTimings: ranks,
    terminationReason: "iteration_limit",
    cuts: { totalGenerated: 4 * iterations, totalActive: 4 * iterations - 3, peakActive: 4 * iterations - 2 },
    workers: { backend: "worker_threads", worldSize: 2, threadsPerRank: 1 },
    stateDimension: 4,
    inflowLagOrders: new Map([
      [0, 1],
      [1, 1],
    ]),
    performance: { lpTimesUs: Float64Array.from({ length: 100 }, (_, i) => i + 1) },
    solver: { name: "highs", version: "1.15.3" },
    inputHash: `sha256:${"ab".repeat(32)}`,
    runId: "00000000-0000-4000-8000-000000000001",
  };
}
