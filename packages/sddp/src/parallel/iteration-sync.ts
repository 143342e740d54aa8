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
 * The forward pass ends without a barrier: the last backward stage's units of a trial
 * point need only that trial point's forward scenario, so a thread that runs out of
 * forward scenarios takes them from a counter of their own and waits, if at all, only for
 * the scenario a unit needs (`forwardDone`, `awaitForward`).
 *
 * Layout: Int32 words over a `SharedArrayBuffer` — arrived, generation, abort, next,
 * next of the last backward stage, then per forward scenario 1 once its forward solves
 * of the current iteration are complete.
 */
const ARRIVED = 0;
const GENERATION = 1;
const ABORT = 2;
const NEXT = 3;
const NEXT_LAST_STAGE = 4;
const FORWARD_DONE = 5;

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
    this.words = new Int32Array(buffer);
  }

  /** For `parties` threads and an iteration of `forwardPasses` forward scenarios. */
  static allocate(parties: number, forwardPasses: number): IterationSync {
    return new IterationSync(new SharedArrayBuffer((FORWARD_DONE + forwardPasses) * 4), parties);
  }

  /** Before an iteration (coordinator): nobody arrived, no unit taken, no forward scenario done, no abort. */
  reset(): void {
    Atomics.store(this.words, ARRIVED, 0);
    Atomics.store(this.words, NEXT, 0);
    Atomics.store(this.words, NEXT_LAST_STAGE, 0);
    Atomics.store(this.words, ABORT, 0);
    for (let k = FORWARD_DONE; k < this.words.length; k++) Atomics.store(this.words, k, 0);
  }

  /**
   * The next unit of the current phase nobody has taken (≥ the phase's count when none is
   * left). The last backward stage (`lastStage`) has a counter of its own: threads take its
   * units while others still take forward scenarios.
   */
  next(lastStage = false): number {
    return Atomics.add(this.words, lastStage ? NEXT_LAST_STAGE : NEXT, 1);
  }

  /**
   * Forward scenario `m` is solved: its trial states, cost and bases are in the shared
   * state (written before this store, so a thread that sees it sees them).
   */
  forwardDone(m: number): void {
    Atomics.store(this.words, FORWARD_DONE + m, 1);
    Atomics.notify(this.words, FORWARD_DONE + m);
  }

  /**
   * Waits until forward scenario `m` is solved. Throws {@link IterationAborted} when the
   * iteration was aborted meanwhile.
   */
  awaitForward(m: number): void {
    const w = this.words;
    while (Atomics.load(w, FORWARD_DONE + m) === 0) {
      if (Atomics.load(w, ABORT) !== 0) throw new IterationAborted();
      Atomics.wait(w, FORWARD_DONE + m, 0, ABORT_POLL_MS);
    }
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
    for (let k = FORWARD_DONE; k < this.words.length; k++) Atomics.notify(this.words, k);
  }

  get aborted(): boolean {
    return Atomics.load(this.words, ABORT) !== 0;
  }
}
