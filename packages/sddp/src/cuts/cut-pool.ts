/**
 * The Benders cuts of one stage: θ ≥ α + β·x_out. Stored flat (intercepts, row-major
 * coefficients) in buffers that may be `SharedArrayBuffer`s, so every worker thread
 * reads the same cuts without copies. Cuts are never deleted from the pool: cut
 * selection only clears `active` (a cut never returns) and bumps `epoch`, and each
 * worker then rebuilds its stage LP from the active cuts (see `StageSolvers.syncCuts`).
 *
 * Activity (`activityCount`, `lastActiveIteration`) comes back from the workers with
 * each task (see `StageSolvers.takeActivity`) and is merged here by the coordinator.
 */

/** The raw buffers of a pool, transferable to worker threads. */
export interface CutPoolBuffers {
  readonly stateDim: number;
  readonly capacity: number;
  readonly intercepts: ArrayBufferLike;
  readonly coefficients: ArrayBufferLike;
  readonly active: ArrayBufferLike;
  readonly iterations: ArrayBufferLike;
  readonly forwardPasses: ArrayBufferLike;
  readonly lastActiveIteration: ArrayBufferLike;
  readonly activityCount: ArrayBufferLike;
  /** One Int32: bumped whenever cuts are deactivated. */
  readonly epoch: ArrayBufferLike;
}

function allocate(bytes: number, shared: boolean): ArrayBufferLike {
  return shared ? new SharedArrayBuffer(Math.max(8, bytes)) : new ArrayBuffer(Math.max(8, bytes));
}

export class CutPool {
  private count = 0;
  private readonly growable: boolean;
  capacity: number;
  intercepts: Float64Array;
  coefficients: Float64Array;
  active: Uint8Array;
  /** Iteration that generated each cut (1-based; 0 for cuts loaded from a policy). */
  iterations: Int32Array;
  /** Forward pass (trial point) that generated each cut. */
  forwardPasses: Int32Array;
  /**
   * Last iteration in which the cut's row was binding in a forward or backward solve of
   * its stage (the generating iteration until then).
   */
  lastActiveIteration: Int32Array;
  /** Forward and backward solves in which the cut's row was binding. */
  activityCount: Int32Array;
  /** `epoch[0]` counts deactivation rounds: an LP built at another epoch lacks removals. */
  readonly epoch: Int32Array;

  /**
   * @param capacity initial capacity; pools over shared memory cannot grow, so give
   *   them the total the run can produce.
   */
  constructor(
    readonly stateDim: number,
    capacity = 64,
    options: { shared?: boolean; buffers?: CutPoolBuffers } = {},
  ) {
    const b = options.buffers;
    this.capacity = b?.capacity ?? Math.max(1, capacity);
    const shared = options.shared === true;
    this.growable = b === undefined && !shared;
    const cap = this.capacity;
    this.intercepts = new Float64Array(b?.intercepts ?? allocate(cap * 8, shared));
    this.coefficients = new Float64Array(b?.coefficients ?? allocate(cap * stateDim * 8, shared));
    this.active = new Uint8Array(b?.active ?? allocate(cap, shared));
    this.iterations = new Int32Array(b?.iterations ?? allocate(cap * 4, shared));
    this.forwardPasses = new Int32Array(b?.forwardPasses ?? allocate(cap * 4, shared));
    this.lastActiveIteration = new Int32Array(b?.lastActiveIteration ?? allocate(cap * 4, shared));
    this.activityCount = new Int32Array(b?.activityCount ?? allocate(cap * 4, shared));
    this.epoch = new Int32Array(b?.epoch ?? allocate(4, shared), 0, 1);
  }

  /** The buffers behind this pool (to hand to a worker with {@link CutPool} `buffers`). */
  buffers(): CutPoolBuffers {
    return {
      stateDim: this.stateDim,
      capacity: this.capacity,
      intercepts: this.intercepts.buffer,
      coefficients: this.coefficients.buffer,
      active: this.active.buffer,
      iterations: this.iterations.buffer,
      forwardPasses: this.forwardPasses.buffer,
      lastActiveIteration: this.lastActiveIteration.buffer,
      activityCount: this.activityCount.buffer,
      epoch: this.epoch.buffer,
    };
  }

  get size(): number {
    return this.count;
  }

  /** Sets the number of valid cuts (a worker learns it from the coordinator). */
  setSize(n: number): void {
    if (n > this.capacity) throw new Error(`cut count ${n} exceeds pool capacity ${this.capacity}`);
    this.count = n;
  }

  get activeCount(): number {
    let n = 0;
    for (let i = 0; i < this.count; i++) n += this.active[i]!;
    return n;
  }

  /** Appends a cut and returns its index. */
  add(
    intercept: number,
    coefficients: ArrayLike<number>,
    iteration: number,
    forwardPass: number,
    active = true,
  ): number {
    if (this.count === this.capacity) this.grow();
    const i = this.count++;
    this.intercepts[i] = intercept;
    this.coefficients.set(coefficients as ArrayLike<number>, i * this.stateDim);
    this.active[i] = active ? 1 : 0;
    this.iterations[i] = iteration;
    this.forwardPasses[i] = forwardPass;
    this.lastActiveIteration[i] = iteration;
    this.activityCount[i] = 0;
    return i;
  }

  /** Adds `count` binding solves of cut `i` in `iteration` (coordinator only). */
  recordActivity(i: number, count: number, iteration: number): void {
    this.activityCount[i] = this.activityCount[i]! + count;
    if (iteration > this.lastActiveIteration[i]!) this.lastActiveIteration[i] = iteration;
  }

  /**
   * Deactivates the cuts listed in `indices[0..count)` (coordinator only, between
   * phases) and bumps the epoch so every worker rebuilds this stage's LP.
   */
  deactivate(indices: ArrayLike<number>, count: number = indices.length): void {
    if (count === 0) return;
    for (let k = 0; k < count; k++) this.active[indices[k]!] = 0;
    this.epoch[0] = this.epoch[0]! + 1;
  }

  /** Value of cut `i` at state `x`. */
  valueAt(i: number, x: ArrayLike<number>): number {
    let v = this.intercepts[i]!;
    const off = i * this.stateDim;
    for (let k = 0; k < this.stateDim; k++) v += this.coefficients[off + k]! * x[k]!;
    return v;
  }

  /** The outer approximation: max over active cuts at `x` (−∞ without cuts). */
  evaluate(x: ArrayLike<number>): number {
    let best = Number.NEGATIVE_INFINITY;
    for (let i = 0; i < this.count; i++) {
      if (this.active[i] === 1) best = Math.max(best, this.valueAt(i, x));
    }
    return best;
  }

  private grow(): void {
    if (!this.growable) throw new Error(`cut pool over shared memory is full (capacity ${this.capacity})`);
    const cap = this.capacity * 2;
    const n = this.stateDim;
    const copy = <T extends Float64Array | Int32Array | Uint8Array>(a: T, make: (len: number) => T, len: number): T => {
      const b = make(len);
      // Buffers hold at least 8 bytes, so a small pool's arrays can be longer than its
      // capacity (a 1-cut pool has 8 `active` flags): only what fits is data.
      b.set(a.length > len ? a.subarray(0, len) : a);
      return b;
    };
    this.intercepts = copy(this.intercepts, (l) => new Float64Array(l), cap);
    this.coefficients = copy(this.coefficients, (l) => new Float64Array(l), cap * n);
    this.active = copy(this.active, (l) => new Uint8Array(l), cap);
    this.iterations = copy(this.iterations, (l) => new Int32Array(l), cap);
    this.forwardPasses = copy(this.forwardPasses, (l) => new Int32Array(l), cap);
    this.lastActiveIteration = copy(this.lastActiveIteration, (l) => new Int32Array(l), cap);
    this.activityCount = copy(this.activityCount, (l) => new Int32Array(l), cap);
    this.capacity = cap;
  }
}
