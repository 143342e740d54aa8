/**
 * What the worker threads of a backward pass share when they run it as one task each
 * (`PiscinaExecutor.backwardPass`): a counter they take trial points from, a barrier they
 * meet at after each stage, and an abort flag. The last thread to reach the barrier
 * appends the stage's cuts to the pool before releasing the others, so a stage starts
 * microseconds after the previous one ends instead of after a round trip through the
 * coordinator, and a thread that finishes its trial points early takes the next one
 * instead of waiting for its slice's last. A cut depends only on its (stage, trial point)
 * — every trial point starts from its stored basis — so which thread computes it never
 * shows in the results.
 *
 * Layout: Int32 words over a `SharedArrayBuffer` — arrived, generation, abort, next.
 */
const ARRIVED = 0;
const GENERATION = 1;
const ABORT = 2;
const NEXT = 3;
const WORDS = 4;

/** How long a waiting thread sleeps between looks at the abort flag, ms. */
const ABORT_POLL_MS = 100;

/** Thrown in a waiting thread when another party failed: the pass is over, with no result. */
export class BackwardPassAborted extends Error {
  constructor() {
    super("the backward pass was aborted by another worker's failure");
  }
}

export class BackwardSync {
  private readonly words: Int32Array;

  constructor(
    readonly buffer: SharedArrayBuffer,
    /** Threads that take part: every one must reach every barrier. */
    readonly parties: number,
  ) {
    this.words = new Int32Array(buffer, 0, WORDS);
  }

  static allocate(parties: number): BackwardSync {
    return new BackwardSync(new SharedArrayBuffer(WORDS * 4), parties);
  }

  /** Before a pass (coordinator): nobody arrived, no trial point taken, no abort. */
  reset(): void {
    Atomics.store(this.words, ARRIVED, 0);
    Atomics.store(this.words, NEXT, 0);
    Atomics.store(this.words, ABORT, 0);
  }

  /** The next trial point of the current stage nobody has taken (≥ the count when none is left). */
  nextTrialPoint(): number {
    return Atomics.add(this.words, NEXT, 1);
  }

  /**
   * Waits until every party has arrived. The last one runs `last` first (alone: the
   * others are still waiting), then opens the next stage's trial points and releases them.
   * Throws {@link BackwardPassAborted} when the pass was aborted meanwhile.
   */
  arrive(last: () => void): void {
    const w = this.words;
    const generation = Atomics.load(w, GENERATION);
    if (Atomics.add(w, ARRIVED, 1) === this.parties - 1) {
      try {
        last();
      } catch (e) {
        this.abort();
        throw e;
      }
      Atomics.store(w, ARRIVED, 0);
      Atomics.store(w, NEXT, 0);
      Atomics.add(w, GENERATION, 1);
      Atomics.notify(w, GENERATION);
      return;
    }
    while (Atomics.load(w, GENERATION) === generation) {
      if (Atomics.load(w, ABORT) !== 0) throw new BackwardPassAborted();
      Atomics.wait(w, GENERATION, generation, ABORT_POLL_MS);
    }
  }

  /** Ends the pass for every party (a failed worker, or the coordinator after one died). */
  abort(): void {
    Atomics.store(this.words, ABORT, 1);
    Atomics.notify(this.words, GENERATION);
  }

  get aborted(): boolean {
    return Atomics.load(this.words, ABORT) !== 0;
  }
}
