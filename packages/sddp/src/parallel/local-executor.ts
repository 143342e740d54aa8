/** The in-thread executor: one worker core in the coordinator's own thread. */
import type { ParquetWriterConfig } from "@cobre/io";
import type { Executor } from "./executor";
import type { WorkerCore } from "./worker-core";

/**
 * One turn of the event loop. The core solves synchronously, so without it a run on one
 * worker never lets signal handlers (Ctrl-C → AbortSignal) or timers run until it ends.
 */
const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

export class LocalExecutor implements Executor {
  readonly workers = 1;
  constructor(private readonly core: WorkerCore) {}

  async forward(iteration: number, cutCounts: readonly number[]) {
    await yieldToEventLoop(); // once per iteration: lets an abort be seen at its end
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

  async simulate(first: number, count: number, cutCounts: readonly number[], encode?: ParquetWriterConfig | null) {
    await yieldToEventLoop(); // once per batch
    const encoder = encode == null ? null : await this.core.scenarioEncoder(encode);
    return this.core.simulate(first, count, cutCounts, encoder);
  }

  async close(): Promise<void> {
    this.core.dispose();
  }
}
