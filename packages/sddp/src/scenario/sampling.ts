/**
 * Which opening a forward pass visits: a pure function of (seed, iteration, scenario,
 * stage), so every worker draws the same path for the same scenario whatever the
 * number of workers or the order of work.
 */
import { createStream, type NoiseStream, StreamPurpose, uniformIndexAt } from "@cobre/stochastic";

export class OpeningSampler {
  private readonly stream: NoiseStream;
  constructor(seed: number) {
    this.stream = createStream(seed, StreamPurpose.OpeningSelection);
  }

  /** Opening index visited by forward `scenario` of `iteration` at `stage`. */
  pick(iteration: number, scenario: number, stage: number, numOpenings: number): number {
    if (numOpenings <= 1) return 0;
    return uniformIndexAt(this.stream, iteration, scenario, stage, numOpenings);
  }
}
