/**
 * What the worker threads of one training iteration share when each runs the whole
 * iteration as one task (`PiscinaExecutor.iterationPass`): a counter they take units of
 * work from (forward scenarios, then each stage's trial points, then the lower bound's
 * openings), a barrier they meet at between phases and after each backward stage, and an
 * abort flag. The last thread to reach a barrier runs that barrier's step (appending a
 * stage's cuts to the pool) before releasing the others, so a phase starts microseconds
 * after the previous one ends instead of after a round trip through the coordinator, and
 * a thread that finishes early takes the next unit instead of waiting for a slice's last.
 * Every unit starts from its stored basis, so which thread runs it never shows in the
 * results.
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

/** Thrown in a waiting thread when another party failed: the iteration is over, with no result. */
export class IterationAborted extends Error {
  constructor() {
    super("the iteration was aborted by another worker's failure");
  }
}

export class IterationSync {
  private readonly words: Int32Array;

  constructor(
    readonly buffer: SharedArrayBuffer,
    /** Threads that take part: every one must reach every barrier. */
    readonly parties: number,
  ) {
    this.words = new Int32Array(buffer, 0, WORDS);
  }

  static allocate(parties: number): IterationSync {
    return new IterationSync(new SharedArrayBuffer(WORDS * 4), parties);
  }

  /** Before an iteration (coordinator): nobody arrived, no unit taken, no abort. */
  reset(): void {
    Atomics.store(this.words, ARRIVED, 0);
    Atomics.store(this.words, NEXT, 0);
    Atomics.store(this.words, ABORT, 0);
  }

  /** The next unit of the current phase nobody has taken (≥ the phase's count when none is left). */
  next(): number {
    return Atomics.add(this.words, NEXT, 1);
  }

  /**
   * Waits until every party has arrived. The last one runs `last` first (alone: the
   * others are still waiting), then opens the next phase's units and releases them.
   * Throws {@link IterationAborted} when the iteration was aborted meanwhile.
   */
  arrive(last?: () => void): void {
    const w = this.words;
    const generation = Atomics.load(w, GENERATION);
    if (Atomics.add(w, ARRIVED, 1) === this.parties - 1) {
      try {
        last?.();
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
      if (Atomics.load(w, ABORT) !== 0) throw new IterationAborted();
      Atomics.wait(w, GENERATION, generation, ABORT_POLL_MS);
    }
  }

  /** Ends the iteration for every party (a failed worker, or the coordinator after one died). */
  abort(): void {
    Atomics.store(this.words, ABORT, 1);
    Atomics.notify(this.words, GENERATION);
  }

  get aborted(): boolean {
    return Atomics.load(this.words, ABORT) !== 0;
  }
}
