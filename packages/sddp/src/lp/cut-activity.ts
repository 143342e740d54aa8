/**
 * Cut activity of one worker's stage LPs: how many forward and backward solves each cut
 * row was binding in (a dual multiplier above `cut_activity_tolerance`) since the counts
 * were last handed back. The worker returns them with its task (`take`) and the
 * coordinator merges them into the pools — the basis of `level1`, `lml1`, `domination`
 * and the budget.
 */
export class CutActivity {
  /** Binding solves per cut (by pool index), per stage; grown on demand. */
  private readonly bindingCounts: Int32Array[];
  /** The cuts with a nonzero count, in the order first seen, per stage. */
  private readonly touched: Int32Array[];
  private readonly touchedCount: number[];

  constructor(numStages: number) {
    this.bindingCounts = Array.from({ length: numStages }, () => new Int32Array(0));
    this.touched = Array.from({ length: numStages }, () => new Int32Array(0));
    this.touchedCount = Array.from({ length: numStages }, () => 0);
  }

  /**
   * Marks the cuts whose rows bind in the last solve of stage `t`: row `firstRow + k`
   * holds pool cut `rowCut[k]`, for k < `numCutRows`. Of several cuts tied at the
   * optimum — duplicates generated at nearby trial points — the simplex gives the
   * multiplier to one; the others are not binding there, which is what lets `level1`
   * drop duplicates.
   */
  record(
    t: number,
    duals: Float64Array,
    firstRow: number,
    rowCut: Int32Array,
    numCutRows: number,
    tolerance: number,
  ): void {
    let counts = this.bindingCounts[t]!;
    let touched = this.touched[t]!;
    for (let k = 0; k < numCutRows; k++) {
      if (!(Math.abs(duals[firstRow + k]!) > tolerance)) continue;
      const i = rowCut[k]!;
      if (i >= counts.length) {
        const size = Math.max(i + 1, 2 * counts.length, 64);
        const grown = new Int32Array(size);
        grown.set(counts);
        this.bindingCounts[t] = counts = grown;
        const list = new Int32Array(size);
        list.set(touched);
        this.touched[t] = touched = list;
      }
      if (counts[i] === 0) touched[this.touchedCount[t]!++] = i;
      counts[i] = counts[i]! + 1;
    }
  }

  /**
   * The binding counts since the last call, as triplets `[stage, cut, solves, …]` in
   * stage then cut order, and resets them (empty when nothing was recorded).
   */
  take(): Int32Array {
    let total = 0;
    for (const n of this.touchedCount) total += n;
    const out = new Int32Array(3 * total);
    let k = 0;
    this.touchedCount.forEach((n, t) => {
      const list = this.touched[t]!.subarray(0, n).sort();
      const counts = this.bindingCounts[t]!;
      for (const i of list) {
        out[k++] = t;
        out[k++] = i;
        out[k++] = counts[i]!;
        counts[i] = 0;
      }
      this.touchedCount[t] = 0;
    });
    return out;
  }
}
