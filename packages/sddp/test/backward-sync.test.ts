/**
 * The shared-memory barrier of the fused backward pass. Its use by worker threads is
 * covered by the determinism tests (1, 2, 4 and 8 workers bit-identical, 8 workers on 4
 * trial points leaving some threads without work) and by worker-failure.test.ts (a thread
 * dying mid-pass releases the others); here, what one thread can see of it.
 */
import { describe, expect, it } from "vitest";
import { BackwardPassAborted, BackwardSync } from "../src/parallel/backward-sync";

describe("BackwardSync", () => {
  it("hands out each trial point once per stage; the last arrival runs the stage's step, then the next stage starts at 0", () => {
    const sync = BackwardSync.allocate(1);
    sync.reset();
    expect([sync.nextTrialPoint(), sync.nextTrialPoint(), sync.nextTrialPoint()]).toEqual([0, 1, 2]);
    let steps = 0;
    sync.arrive(() => steps++);
    expect(steps).toBe(1);
    expect(sync.nextTrialPoint()).toBe(0);
    sync.arrive(() => steps++);
    expect(steps).toBe(2);
  });

  it("a party waiting for others leaves with BackwardPassAborted once the pass is aborted", () => {
    const sync = BackwardSync.allocate(2);
    sync.reset();
    sync.abort();
    expect(sync.aborted).toBe(true);
    let ran = false;
    expect(() => sync.arrive(() => (ran = true))).toThrow(BackwardPassAborted);
    expect(ran).toBe(false);
    sync.reset();
    expect(sync.aborted).toBe(false);
  });

  it("a failing stage step aborts the pass for everyone and surfaces its own error", () => {
    const sync = BackwardSync.allocate(1);
    sync.reset();
    expect(() =>
      sync.arrive(() => {
        throw new RangeError("pool full");
      }),
    ).toThrow(RangeError);
    expect(sync.aborted).toBe(true);
  });
});
