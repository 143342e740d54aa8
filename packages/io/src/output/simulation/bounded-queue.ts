/**
 * A bounded single-consumer async queue: the channel between simulation workers and the
 * one output writer. `push` resolves once the item is in the buffer, so producers that
 * outrun the disk wait (backpressure) instead of piling results up in memory.
 */

export class BoundedQueue<T> {
  readonly #capacity: number;
  readonly #buffer: T[] = [];
  readonly #blockedPushers: { item: T; accept: (accepted: boolean) => void }[] = [];
  #waitingTaker: ((item: T | undefined) => void) | null = null;
  #closed = false;

  constructor(capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1)
      throw new RangeError(`queue capacity must be ≥ 1, got ${capacity}`);
    this.#capacity = capacity;
  }

  /** Items buffered (not counting producers still blocked). */
  get size(): number {
    return this.#buffer.length;
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** Resolves `true` when accepted, `false` if the queue was already closed. */
  push(item: T): Promise<boolean> {
    if (this.#closed) return Promise.resolve(false);
    if (this.#waitingTaker !== null) {
      const take = this.#waitingTaker;
      this.#waitingTaker = null;
      take(item);
      return Promise.resolve(true);
    }
    if (this.#buffer.length < this.#capacity) {
      this.#buffer.push(item);
      return Promise.resolve(true);
    }
    return new Promise((accept) => this.#blockedPushers.push({ item, accept }));
  }

  /** The next item, or `undefined` once the queue is closed and drained. */
  take(): Promise<T | undefined> {
    const item = this.#buffer.shift();
    if (item !== undefined) {
      // A slot freed: admit the longest-blocked producer.
      const next = this.#blockedPushers.shift();
      if (next !== undefined) {
        this.#buffer.push(next.item);
        next.accept(true);
      }
      return Promise.resolve(item);
    }
    if (this.#closed) return Promise.resolve(undefined);
    return new Promise((resolve) => {
      this.#waitingTaker = resolve;
    });
  }

  /** The next item if one is buffered, without waiting (a consumer gathering a batch). */
  poll(): T | undefined {
    const item = this.#buffer.shift();
    if (item !== undefined) {
      const next = this.#blockedPushers.shift();
      if (next !== undefined) {
        this.#buffer.push(next.item);
        next.accept(true);
      }
    }
    return item;
  }

  /**
   * No more pushes. Producers still blocked are admitted (over capacity, so nobody
   * waits forever and nothing already offered is lost); everything stays takeable.
   */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    for (const p of this.#blockedPushers.splice(0)) {
      this.#buffer.push(p.item);
      p.accept(true);
    }
    if (this.#waitingTaker !== null && this.#buffer.length === 0) {
      const take = this.#waitingTaker;
      this.#waitingTaker = null;
      take(undefined);
    }
  }
}
