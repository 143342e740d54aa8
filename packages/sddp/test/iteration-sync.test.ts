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

  it("a trial point's later runs wait for its first run at the same stage; reset forgets the stages done", () => {
    const sync = IterationSync.allocate(2, 3);
    sync.reset();
    sync.firstRunDone(2, 7);
    sync.awaitFirstRun(2, 7); // returns at once: done at stage 7
    // Trial point 2 is not done at stage 6, nor trial point 1 at all: with the other
    // party gone (an abort), a waiter leaves with IterationAborted instead of a result.
    sync.abort();
    expect(() => sync.awaitFirstRun(2, 6)).toThrow(IterationAborted);
    expect(() => sync.awaitFirstRun(1, 7)).toThrow(IterationAborted);
    // The next iteration starts with no first run done: stage 7 of the last one is forgotten.
    sync.reset();
    sync.abort();
    expect(() => sync.awaitFirstRun(2, 7)).toThrow(IterationAborted);
  });
});
