/**
 * Hand-sized one-stage systems for the LP unit tests: defaults for every entity field,
 * a single 730 h block unless told otherwise, and helpers to read rows back from the
 * built SparseLp.
 */
import type { Bus, Constraints, Hydro, HydroGeometryPoint, HydroPenalties, Stage, System, Thermal } from "@cobre/core";
import { StageBounds } from "@cobre/core";
import { buildStageTemplate, type StageTemplate, type StageTemplateOptions } from "../src/lp/stage-template";
import type { SparseLp } from "../src/lp/sparse-builder";
import type { ScenarioInputs } from "../src/scenario/scenario-inputs";

const PENALTIES: HydroPenalties = {
  spillageCost: 0.01,
  fphaTurbinedCost: 0,
  diversionCost: 0.02,
  storageViolationBelowCost: 1000,
  fillingTargetViolationCost: 1000,
  turbinedViolationBelowCost: 11,
  outflowViolationBelowCost: 12,
  outflowViolationAboveCost: 13,
  generationViolationBelowCost: 14,
  evaporationViolationPosCost: 15,
  evaporationViolationNegCost: 16,
  waterWithdrawalViolationPosCost: 17,
  waterWithdrawalViolationNegCost: 18,
  inflowNonnegativityCost: 1000,
};

export function hydro(over: Partial<Hydro> = {}): Hydro {
  return {
    id: 0,
    name: "H0",
    busId: 0,
    downstreamId: null,
    entryStageId: null,
    exitStageId: null,
    minStorageHm3: 0,
    maxStorageHm3: 200,
    minOutflowM3s: 0,
    maxOutflowM3s: null,
    generation: {
      model: "constant_productivity",
      productivityMwPerM3s: 1,
      minTurbinedM3s: 0,
      maxTurbinedM3s: 50,
      minGenerationMw: 0,
      maxGenerationMw: 50,
    },
    tailrace: null,
    hydraulicLosses: null,
    efficiency: null,
    evaporation: null,
    diversion: null,
    filling: null,
    penalties: PENALTIES,
    ...over,
  };
}

export function thermal(over: Partial<Thermal> = {}): Thermal {
  return {
    id: 0,
    name: "T0",
    busId: 0,
    entryStageId: null,
    exitStageId: null,
    minGenerationMw: 0,
    maxGenerationMw: 100,
    costPerMwh: 50,
    gnlLagStages: null,
    ...over,
  };
}

export function bus(id = 0): Bus {
  return { id, name: `B${id}`, deficitSegments: [{ depthMw: null, cost: 1000 }], excessCost: 0.01 };
}

export function stage(hours: readonly number[] = [730], seasonId: number | null = 0): Stage {
  return {
    id: 0,
    index: 0,
    startDate: "2024-01-01",
    endDate: "2024-02-01",
    seasonId,
    blocks: hours.map((h, i) => ({ id: i, name: `B${i}`, hours: h })),
    numScenarios: 1,
    blockMode: "parallel",
    stateVariables: { storage: true, inflowLags: true },
    riskMeasure: { type: "expectation" },
    samplingMethod: "saa",
  };
}

export function system(over: Partial<System> = {}): System {
  return {
    buses: [bus()],
    lines: [],
    hydros: [],
    thermals: [],
    nonControllableSources: [],
    pumpingStations: [],
    energyContracts: [],
    genericConstraints: [],
    stages: [stage()],
    preStudyStages: [],
    seasonDefinitions: null,
    policyGraph: { type: "finite_horizon", annualDiscountRate: 0, transitions: [] },
    penalties: {
      bus: { deficitSegments: [{ depthMw: null, cost: 1000 }], excessCost: 0.01 },
      line: { exchangeCost: 0 },
      hydro: {
        ...PENALTIES,
        evaporationViolationCost: 15,
        evaporationViolationPosCost: null,
        evaporationViolationNegCost: null,
        waterWithdrawalViolationCost: 17,
        waterWithdrawalViolationPosCost: null,
        waterWithdrawalViolationNegCost: null,
        inflowNonnegativityCost: null,
      },
      nonControllableSource: { curtailmentCost: 0 },
    },
    initialConditions: { storage: [], fillingStorage: [], pastInflows: [], recentObservations: [] },
    ...over,
  };
}

export function constraints(over: Partial<Constraints> = {}): Constraints {
  return {
    thermalBounds: [],
    hydroBounds: [],
    lineBounds: [],
    pumpingBounds: [],
    contractBounds: [],
    ncsBounds: [],
    exchangeFactors: [],
    genericConstraintBounds: [],
    penaltyOverrides: { bus: [], line: [], hydro: [], ncs: [] },
    ...over,
  };
}

/** Deterministic scenario inputs for a one-stage system (no lags, no noise). */
export function inputs(sys: System, ncsFactors?: Float64Array): ScenarioInputs {
  const H = sys.hydros.length;
  const B = sys.buses.length;
  const N = sys.nonControllableSources.length;
  const K = sys.stages[0]!.blocks.length;
  return {
    numStages: 1,
    numHydros: H,
    numBuses: B,
    lagOrder: 0,
    inflowLagSlots: 0,
    lagTransitions: [null],
    samplingMethods: ["saa"],
    noiseGroupIds: [0],
    warnings: [],
    inflowBase: new Float64Array(H),
    inflowLagCoefficient: new Float64Array(0),
    inflowNoiseScale: new Float64Array(H),
    initialLags: new Float64Array(0),
    loadMeanMw: new Float64Array(B),
    loadStdMw: new Float64Array(B),
    loadFactors: [new Float64Array(B * K).fill(1)],
    numNcs: N,
    ncsMaxGenMw: Float64Array.from(sys.nonControllableSources, (n) => n.maxGenerationMw),
    ncsMean: new Float64Array(N),
    ncsStd: new Float64Array(N),
    ncsFactors: [ncsFactors ?? new Float64Array(N * K).fill(1)],
    noiseDim: H,
    loadNoiseSlot: new Int32Array(B).fill(-1),
    ncsNoiseSlot: new Int32Array(N).fill(-1),
    openings: [new Float64Array(H)],
    numOpenings: [1],
    loadOffset: H,
    ncsOffset: H,
  };
}

export function build(
  sys: System,
  cons: Constraints = constraints(),
  options: Partial<StageTemplateOptions> = {},
  ncsFactors?: Float64Array,
): StageTemplate {
  return buildStageTemplate(sys, new StageBounds(sys, cons), inputs(sys, ncsFactors), sys.stages[0]!, {
    inflowNonNegativity: { method: "none", penaltyCost: 0 },
    isLast: true,
    discountFactor: 1,
    productionModels: [],
    fphaHyperplanes: [],
    ...options,
  });
}

/** Coefficients of one row, keyed by column. */
export function row(lp: SparseLp, r: number): Map<number, number> {
  const out = new Map<number, number>();
  for (let j = 0; j < lp.numCols; j++) {
    for (let p = lp.start[j]!; p < lp.start[j + 1]!; p++) if (lp.index[p] === r) out.set(j, lp.value[p]!);
  }
  return out;
}

/** Rows touched by a column, keyed by row. */
export function column(lp: SparseLp, c: number): Map<number, number> {
  const out = new Map<number, number>();
  for (let p = lp.start[c]!; p < lp.start[c + 1]!; p++) out.set(lp.index[p]!, lp.value[p]!);
  return out;
}

/** Rows whose entries touch column `c` other than the given ones. */
export function rowsOf(lp: SparseLp, c: number, except: readonly number[] = []): number[] {
  return [...column(lp, c).keys()].filter((r) => !except.includes(r));
}

export const GEOMETRY: HydroGeometryPoint[] = [
  { hydroId: 0, volumeHm3: 0, heightM: 0, areaKm2: 0.5 },
  { hydroId: 0, volumeHm3: 100, heightM: 0, areaKm2: 1 },
  { hydroId: 0, volumeHm3: 200, heightM: 0, areaKm2: 1.5 },
];
