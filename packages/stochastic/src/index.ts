/**
 * @cobre/stochastic — the random side of Cobre-TS: a seeded counter-based RNG, the PAR(p)
 * inflow model (built from seasonal statistics or fitted from history), spatially
 * correlated noise, the backward-pass opening tree, forward-pass sampling, and the
 * load / NCS normal models.
 *
 * Principles:
 * - Reproducible anywhere: every random number is a pure function of
 *   (seed, purpose, iteration, scenario, stage, entity) — Philox4x32-10 — so workers can
 *   draw any slice in any order and get the same bits.
 * - Plain typed inputs: this package depends on no other @cobre package; the engine adapts
 *   loaded case data to the small input interfaces here.
 * - Flat, stage-major Float64Arrays and preallocated buffers for everything the SDDP hot
 *   loop touches; no allocation per draw.
 * - Expected failures are returned as `Result` values (the Result of @cobre/core) with a
 *   registry `kind`, never thrown.
 */

export { type StochasticError, type StochasticErrorKind, type StochasticResult, fail } from "./errors.js";
export {
  type NoiseStream,
  StreamPurpose,
  createStream,
  fillStandardNormals,
  philox4x32,
  standardNormalAt,
  uniformAt,
  uniformIndexAt,
} from "./rng.js";
export {
  ANNUAL_WINDOW,
  type InflowAnnualComponent,
  type InflowArCoefficient,
  type InflowSeasonalStat,
  type ParModel,
  type LagStatsSource,
  type ParModelInput,
  type ParStage,
  buildParModel,
  evaluateInflow,
  evaluateInflows,
  lagIndex,
  parIndex,
  shiftLags,
  solveInflowNoise,
} from "./par-model.js";
export {
  type AnnualTerm,
  type EstimationConfig,
  type HistoryObservation,
  type HydroFit,
  type HydroHistory,
  MONTHLY_CALENDAR,
  type ParFit,
  type SeasonCalendar,
  type SeasonFit,
  classifyHistory,
  fitPar,
  type HistoryClass,
  lagContributions,
  parFitToModelInputs,
  selectAnnualOrder,
} from "./par-fit/index.js";
export {
  MIN_SEASONAL_PAIRS,
  type ResidualSource,
  type ScheduledStage,
  estimateResidualCorrelation,
} from "./residual-correlation.js";
export {
  type CholeskyFactor,
  type CholeskyOptions,
  type CorrelationFactor,
  type CorrelationGroupInput,
  type CorrelationModelInput,
  type CorrelationProfileInput,
  type CorrelationWarning,
  type EntityRef,
  type EntityType,
  type PreparedCorrelation,
  type PreparedGroup,
  type SpectralFactor,
  type SpectralOptions,
  applyCholesky,
  applyCorrelation,
  applySpectral,
  choleskyFactor,
  prepareCorrelation,
  spectralFactor,
} from "./correlation.js";
export { type SymmetricEigen, type SymmetricSqrt, symmetricEigen, symmetricSqrt } from "./spectral.js";
export { type EntityLayout, buildEntityLayout } from "./entity-layout.js";
export {
  type GenerateOpeningTreeInput,
  type HistoricalNoiseSource,
  type OpeningTree,
  type OpeningTreeColumns,
  generateOpeningTree,
  openingSeed,
  openingNoise,
  openingTreeFromValues,
} from "./opening-tree.js";
export {
  ForwardDesignCache,
  type ForwardSampler,
  type InSampleSampler,
  type OutOfSampleOptions,
  type OutOfSampleSampler,
  type OutOfSampleSamplerInput,
  type SamplingWarning,
  buildOutOfSampleSampler,
  createInSampleSampler,
  createOutOfSampleSampler,
  sampleForwardNoise,
  selectOpening,
} from "./forward-sampling.js";
export {
  SAMPLING_METHODS,
  type SamplingErrorReason,
  type SamplingMethod,
  isSamplingMethod,
  parseSamplingMethod,
} from "./sampling/methods.js";
export { normalCdf, normalQuantile, uniformToNormal } from "./sampling/normal-quantile.js";
export { SOBOL_MAX_DIM } from "./sampling/sobol.js";
export {
  type LoadSeasonalStat,
  type NcsSeasonalStat,
  type NormalModel,
  buildLoadModel,
  buildNcsModel,
  buildNormalModel,
} from "./normal-model.js";
export {
  type InflowNonNegativity,
  type InflowNonNegativityMethod,
  parseInflowNonNegativity,
  truncateNegative,
} from "./non-negativity.js";
