/** The in-thread executor: one worker core in the coordinator's own thread. */
import type { Executor } from "./executor";
import type { WorkerCore } from "./worker-core";

export class LocalExecutor implements Executor {
  readonly workers = 1;
  constructor(private readonly core: WorkerCore) {}

  async forward(iteration: number, cutCounts: readonly number[]) {
    return [this.core.forward(iteration, 0, this.core.state.forwardPasses, cutCounts)];
  }

  async backward(stage: number, iteration: number, cutCounts: readonly number[]) {
    return [this.core.backward(stage, iteration, 0, this.core.state.forwardPasses, cutCounts)];
  }

  async lowerBound(iteration: number, cutCounts: readonly number[]) {
    return this.core.lowerBound(iteration, cutCounts);
  }

  async policyCosts(count: number, cutCounts: readonly number[], sampleKey: number) {
    return this.core.policyCosts(0, count, cutCounts, sampleKey).value;
  }

  async simulate(first: number, count: number, cutCounts: readonly number[]) {
    return this.core.simulate(first, count, cutCounts);
  }

  async close(): Promise<void> {
    this.core.dispose();
  }
}
