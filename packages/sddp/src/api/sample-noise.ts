/**
 * `sampleNoise`: the noise vector a forward pass (or a simulation scenario) sees at a
 * stage — the opening picked by the engine's `OpeningSampler` from (seed, iteration,
 * scenario, stage) — so it is the same for the same arguments, whatever the workers.
 */
import type { Result } from "@cobre/core";
import { err, ok } from "@cobre/core";
import { studySeed } from "../study/prepare-study";
import { OpeningSampler } from "../scenario/sampling";
import { type CaseLike, caseOf, scenarioInputsOf } from "./case-like";
import { CobreError } from "@cobre/core";
import { type NoiseEntity, noiseEntities } from "./noise-layout";

export interface SampleNoiseOptions {
  /** Stage index (0-based, position in `system.stages`). */
  readonly stage: number;
  /** Forward scenario (training) or simulation scenario index, 0-based. */
  readonly scenario: number;
  /** Training iteration (1-based); 0 or omitted = the simulation draw. */
  readonly iteration?: number;
}

export interface NoiseSample {
  /** One value per noise slot (a copy). */
  readonly noise: Float64Array;
  /** The opening of the stage the engine picked. */
  readonly opening: number;
  readonly entities: readonly NoiseEntity[];
}

/**
 * The forward-pass noise of (stage, scenario, iteration).
 *
 * @example
 * ```ts
 * const s = sampleNoise(loaded.value, { stage: 0, scenario: 3, iteration: 1 });
 * if (s.ok) console.log(s.value.opening, s.value.noise);
 * ```
 */
export function sampleNoise(input: CaseLike, options: SampleNoiseOptions): Result<NoiseSample, CobreError> {
  const c = caseOf(input);
  const inputs = scenarioInputsOf(c);
  if (!inputs.ok) return err(inputs.error);
  const s = inputs.value;
  const { stage, scenario } = options;
  const iteration = options.iteration ?? 0;
  const n = s.numOpenings[stage];
  if (
    n === undefined ||
    !Number.isInteger(stage) ||
    !Number.isInteger(scenario) ||
    scenario < 0 ||
    !Number.isInteger(iteration) ||
    iteration < 0
  ) {
    return err(
      new CobreError({
        kind: "InvalidOptions",
        message: `sampleNoise: need integers 0 <= stage < ${s.numStages}, scenario >= 0, iteration >= 0`,
        context: { stage, scenario, iteration },
      }),
    );
  }
  const j = new OpeningSampler(studySeed(c)).pick(iteration, scenario, stage, n);
  return ok({
    noise: s.openings[stage]!.slice(j * s.noiseDim, (j + 1) * s.noiseDim),
    opening: j,
    entities: noiseEntities(c, s),
  });
}
