/**
 * The Benders cuts of one stage: θ ≥ α + β·x_out. Stored flat (intercepts, row-major
 * coefficients) so they serialise without copying and grow by doubling. Cuts are never
 * deleted: cut selection only flips `active`, and an inactive cut keeps its LP row with
 * a −∞ bound, so row indices stay stable across workers.
 */
export class CutPool {
  private capacity: number;
  private count = 0;
  intercepts: Float64Array;
  coefficients: Float64Array;
  active: Uint8Array;
  /** Iteration that generated each cut (1-based). */
  iterations: Int32Array;
  /** Forward pass (trial point) that generated each cut. */
  forwardPasses: Int32Array;
  /** Last iteration at which the cut was binding (for level-1 style selection). */
  lastActiveIteration: Int32Array;
  /** Times the cut was binding at a visited state. */
  activityCount: Int32Array;

  constructor(
    readonly stateDim: number,
    initialCapacity = 64,
  ) {
    this.capacity = Math.max(1, initialCapacity);
    this.intercepts = new Float64Array(this.capacity);
    this.coefficients = new Float64Array(this.capacity * stateDim);
    this.active = new Uint8Array(this.capacity);
    this.iterations = new Int32Array(this.capacity);
    this.forwardPasses = new Int32Array(this.capacity);
    this.lastActiveIteration = new Int32Array(this.capacity);
    this.activityCount = new Int32Array(this.capacity);
  }

  get size(): number {
    return this.count;
  }

  get activeCount(): number {
    let n = 0;
    for (let i = 0; i < this.count; i++) n += this.active[i]!;
    return n;
  }

  /** Appends a cut and returns its index. */
  add(intercept: number, coefficients: ArrayLike<number>, iteration: number, forwardPass: number): number {
    if (this.count === this.capacity) this.grow();
    const i = this.count++;
    this.intercepts[i] = intercept;
    this.coefficients.set(coefficients as ArrayLike<number>, i * this.stateDim);
    this.active[i] = 1;
    this.iterations[i] = iteration;
    this.forwardPasses[i] = forwardPass;
    this.lastActiveIteration[i] = iteration;
    this.activityCount[i] = 0;
    return i;
  }

  /** Value of cut `i` at state `x`. */
  valueAt(i: number, x: ArrayLike<number>): number {
    let v = this.intercepts[i]!;
    const off = i * this.stateDim;
    for (let k = 0; k < this.stateDim; k++) v += this.coefficients[off + k]! * x[k]!;
    return v;
  }

  /** The outer approximation max over active cuts at `x` (−∞ without cuts). */
  evaluate(x: ArrayLike<number>): number {
    let best = Number.NEGATIVE_INFINITY;
    for (let i = 0; i < this.count; i++) {
      if (this.active[i] === 1) best = Math.max(best, this.valueAt(i, x));
    }
    return best;
  }

  private grow(): void {
    const cap = this.capacity * 2;
    const n = this.stateDim;
    const f64 = (a: Float64Array, m: number) => {
      const b = new Float64Array(cap * m);
      b.set(a);
      return b;
    };
    const i32 = (a: Int32Array) => {
      const b = new Int32Array(cap);
      b.set(a);
      return b;
    };
    this.intercepts = f64(this.intercepts, 1);
    this.coefficients = f64(this.coefficients, n);
    const act = new Uint8Array(cap);
    act.set(this.active);
    this.active = act;
    this.iterations = i32(this.iterations);
    this.forwardPasses = i32(this.forwardPasses);
    this.lastActiveIteration = i32(this.lastActiveIteration);
    this.activityCount = i32(this.activityCount);
    this.capacity = cap;
  }
}
