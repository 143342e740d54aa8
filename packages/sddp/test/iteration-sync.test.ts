/**
 * The shared-memory barrier of the fused training iteration. Its use by worker threads is
 * covered by the determinism tests (1, 2, 4 and 8 workers bit-identical, 8 workers on 4
 * trial points leaving some threads without work) and by worker-failure.test.ts (a thread
 * dying mid-iteration releases the others); here, what one thread can see of it.
 */
import { describe, expect, it } from "vitest";
import { IterationAborted, IterationSync } from "../src/parallel/iteration-sync";

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
});
