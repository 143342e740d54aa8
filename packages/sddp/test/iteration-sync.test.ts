/**
 * The shared-memory barrier of the fused training iteration. Its use by worker threads is
 * covered by the determinism tests (1, 2, 4 and 8 workers bit-identical, 8 workers on 4
 * trial points leaving some threads without work) and by worker-failure.test.ts (a thread
 * dying mid-iteration releases the others); here, what one thread can see of it.
 */
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import { describe, expect, it } from "vitest";
import { IterationAborted, IterationSync } from "../src/parallel/iteration-sync";

/**
 * A thread that waits for forward scenario 0 on `sync` and reports how long it waited,
 * or "aborted"; `waiting` runs once it is about to wait. It loads the same source
 * through tsx's require hook.
 */
function waiter(sync: IterationSync, waiting: () => void): Promise<number | "aborted"> {
  const source = fileURLToPath(new URL("../src/parallel/iteration-sync.ts", import.meta.url));
  const code = `
    const { parentPort, workerData } = require("node:worker_threads");
    require("tsx/cjs/api").register();
    const { IterationSync, IterationAborted } = require(workerData.source);
    const sync = new IterationSync(workerData.buffer, 2);
    parentPort.postMessage("waiting");
    const t0 = Date.now();
    try {
      sync.awaitForward(0);
      parentPort.postMessage(Date.now() - t0);
    } catch (e) {
      parentPort.postMessage(e instanceof IterationAborted ? "aborted" : String(e));
    }`;
  const worker = new Worker(code, { eval: true, workerData: { source, buffer: sync.buffer } });
  return new Promise((resolve, reject) => {
    worker.on("error", reject);
    worker.on("message", (m: unknown) => {
      if (m === "waiting") return waiting();
      void worker.terminate();
      resolve(m as number | "aborted");
    });
  });
}

describe("IterationSync", () => {
  it("hands out each unit once per phase; the last arrival runs the barrier's step, then the next phase starts at 0", () => {
    const sync = IterationSync.allocate(1, 4);
    sync.reset();
    expect([sync.next(), sync.next(), sync.next()]).toEqual([0, 1, 2]);
    let steps = 0;
    sync.arrive(() => steps++);
    expect(steps).toBe(1);
    expect(sync.next()).toBe(0);
    sync.arrive(() => steps++);
    expect(steps).toBe(2);
  });

  it("a party waiting for others leaves with IterationAborted once the iteration is aborted", () => {
    const sync = IterationSync.allocate(2, 4);
    sync.reset();
    sync.abort();
    expect(sync.aborted).toBe(true);
    let ran = false;
    expect(() => sync.arrive(() => (ran = true))).toThrow(IterationAborted);
    expect(ran).toBe(false);
    sync.reset();
    expect(sync.aborted).toBe(false);
  });

  it("a failing barrier step aborts the iteration for everyone and surfaces its own error", () => {
    const sync = IterationSync.allocate(1, 4);
    sync.reset();
    expect(() =>
      sync.arrive(() => {
        throw new RangeError("pool full");
      }),
    ).toThrow(RangeError);
    expect(sync.aborted).toBe(true);
  });

  it("the last backward stage takes units from its own counter, and waits only for forward scenarios not yet done", () => {
    const sync = IterationSync.allocate(2, 4);
    sync.reset();
    expect([sync.next(), sync.next()]).toEqual([0, 1]);
    // Another thread may still take forward scenarios while this one starts the last stage.
    expect([sync.next(true), sync.next(true)]).toEqual([0, 1]);
    expect(sync.next()).toBe(2);
    sync.forwardDone(1);
    const t0 = performance.now();
    sync.awaitForward(1); // done: returns at once
    expect(performance.now() - t0).toBeLessThan(50);
    // Scenario 0 is not done: an abort releases its waiter.
    sync.abort();
    expect(() => sync.awaitForward(0)).toThrow(IterationAborted);
    // The next iteration starts both counters at 0 again, with no scenario done.
    sync.reset();
    expect([sync.next(), sync.next(true)]).toEqual([0, 0]);
    expect(() => {
      sync.abort();
      sync.awaitForward(1);
    }).toThrow(IterationAborted);
  });

  it("another thread waiting for a forward scenario is released when it is done, or when the iteration aborts", async () => {
    const sync = IterationSync.allocate(2, 4);
    sync.reset();
    // It waits until the flag is set, 300 ms after it started waiting.
    const waited = await waiter(sync, () => setTimeout(() => sync.forwardDone(0), 300));
    expect(waited).toBeGreaterThanOrEqual(250);
    sync.reset();
    expect(await waiter(sync, () => setTimeout(() => sync.abort(), 100))).toBe("aborted");
  });
});
