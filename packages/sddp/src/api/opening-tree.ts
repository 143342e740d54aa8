/**
 * `OpeningTree`: the backward-pass noise realizations of a case — generated from the
 * seed or read from `scenarios/noise_openings.parquet` — exactly as training uses them.
 */
import type { Result } from "@cobre/core";
import { err, ok } from "@cobre/core";
import { type CaseLike, caseOf, scenarioInputsOf } from "./case-like";
import type { CobreError } from "@cobre/core";
import { type NoiseEntity, noiseEntities } from "./noise-layout";

export class OpeningTree {
  constructor(
    /** Per stage index t: `[j * noiseDim + e]`, opening j, entity slot e. Views: do not mutate. */
    readonly stages: readonly Float64Array[],
    /** Openings per stage. */
    readonly openingsPerStage: readonly number[],
    /** Entities of the noise vector, in slot order (`entities.length === noiseDim`). */
    readonly entities: readonly NoiseEntity[],
  ) {}

  get nStages(): number {
    return this.stages.length;
  }

  get noiseDim(): number {
    return this.entities.length;
  }

  /** Noise vector of opening `j` at stage index `t` (a copy). */
  opening(t: number, j: number): Float64Array {
    const n = this.openingsPerStage[t];
    if (n === undefined || !(j >= 0 && j < n)) throw new RangeError(`no opening ${j} at stage index ${t}`);
    return this.stages[t]!.slice(j * this.noiseDim, (j + 1) * this.noiseDim);
  }
}

/**
 * The opening tree training would use for a case.
 *
 * @example
 * ```ts
 * const tree = openingTree(loaded.value);
 * if (tree.ok) console.log(tree.value.openingsPerStage, tree.value.opening(0, 0));
 * ```
 */
export function openingTree(input: CaseLike): Result<OpeningTree, CobreError> {
  const c = caseOf(input);
  const inputs = scenarioInputsOf(c);
  if (!inputs.ok) return err(inputs.error);
  const s = inputs.value;
  return ok(new OpeningTree(s.openings, s.numOpenings, noiseEntities(c, s)));
}
