/**
 * Which cuts are rows of each stage LP, and in which order: row `numTemplateRows + k` of
 * stage t's LP holds pool cut `rowCut(t)[k]`. The basis store, the binding counts of cut
 * selection and lazy cuts all read cut rows through this map.
 */
import type { LpModel } from "@cobre/solver";
import type { CutPool } from "../cuts/cut-pool";
import { COST_SCALE } from "./cost-scale";
import type { StageTemplate } from "./stage-template";

type Layout = StageTemplate["layout"];

export class CutRows {
  private readonly rowCuts: Int32Array[];
  private readonly counts: number[];
  /** `inModel[t][i]`: pool cut i is a row of stage t's LP. */
  private readonly inModel: Uint8Array[];
  // Scratch of `append`, grown on demand so that adding rows allocates nothing here.
  private start = new Int32Array(0);
  private index = new Int32Array(0);
  private value = new Float64Array(0);
  private lower = new Float64Array(0);
  private upper = new Float64Array(0);

  constructor(numStages: number) {
    this.rowCuts = Array.from({ length: numStages }, () => new Int32Array(16));
    this.counts = Array.from({ length: numStages }, () => 0);
    this.inModel = Array.from({ length: numStages }, () => new Uint8Array(0));
  }

  /** Cut rows of stage `t`'s LP. */
  count(t: number): number {
    return this.counts[t]!;
  }

  /** Pool index of each cut row of stage `t` (the first {@link count} entries). */
  rowCut(t: number): Int32Array {
    return this.rowCuts[t]!;
  }

  /** Per pool cut of stage `t`, 1 when it is a row (grown to the pool's capacity). */
  flags(t: number, pool: CutPool): Uint8Array {
    let flags = this.inModel[t]!;
    if (flags.length < pool.capacity) {
      const grown = new Uint8Array(pool.capacity);
      grown.set(flags);
      this.inModel[t] = grown;
      flags = grown;
    }
    return flags;
  }

  /** Appends cuts `picked[from..count)` of `pool` as rows of stage `t`'s `model`. */
  add(
    t: number,
    model: LpModel,
    layout: Layout,
    pool: CutPool,
    picked: ArrayLike<number>,
    count: number,
    from = 0,
  ): void {
    if (count <= from) return;
    this.append(model, layout, pool, picked, count, from);
    let rows = this.rowCuts[t]!;
    const k = this.counts[t]!;
    if (k + count > rows.length) {
      const grown = new Int32Array(Math.max(2 * rows.length, k + count));
      grown.set(rows.subarray(0, k));
      this.rowCuts[t] = grown;
      rows = grown;
    }
    const flags = this.flags(t, pool);
    for (let c = from; c < count; c++) {
      rows[k + c - from] = picked[c]!;
      flags[picked[c]!] = 1;
    }
    this.counts[t] = k + count - from;
  }

  /**
   * Makes the cut rows of stage `t`'s `model` exactly `picked[0..count)` (ascending pool
   * indices): the rows it already has in that order stay, the others are deleted, the
   * missing ones appended. The LP is then the one built from those cuts in that order,
   * whatever it held before. Call on a model without a basis (after `resetBasis`).
   */
  reset(t: number, model: LpModel, layout: Layout, pool: CutPool, picked: ArrayLike<number>, count: number): void {
    const rows = this.rowCuts[t]!;
    const k = this.counts[t]!;
    let same = 0;
    while (same < k && same < count && rows[same] === picked[same]) same++;
    if (same < k) {
      model.deleteRowsFrom(layout.numTemplateRows + same);
      this.drop(t, same);
    }
    this.add(t, model, layout, pool, picked, count, same);
  }

  /** Forgets stage `t`'s rows without touching a model (its model was replaced). */
  forget(t: number): void {
    this.drop(t, 0);
  }

  /** Forgets stage `t`'s cut rows from `from` on. */
  private drop(t: number, from: number): void {
    const flags = this.inModel[t]!;
    const rows = this.rowCuts[t]!;
    for (let c = from; c < this.counts[t]!; c++) flags[rows[c]!] = 0;
    this.counts[t] = from;
  }

  /**
   * Appends cuts `picked[0..count)` of `pool` to `model` as rows `θ − β·x_out ≥ α`
   * (scaled by COST_SCALE) without recording them (the append-only lower-bound LP).
   */
  append(model: LpModel, layout: Layout, pool: CutPool, picked: ArrayLike<number>, to: number, from = 0): void {
    const count = to - from;
    const dim = layout.stateDim;
    const nnzPerRow = dim + 1;
    this.reserve(count, count * nnzPerRow);
    const { start, index, value, lower } = this;
    for (let c = 0; c < count; c++) {
      const i = picked[from + c]!;
      start[c] = c * nnzPerRow;
      let k = c * nnzPerRow;
      index[k] = layout.thetaCol;
      value[k++] = 1;
      for (let s = 0; s < dim; s++) {
        index[k] = layout.stateOutCols[s]!;
        value[k++] = -pool.coefficients[i * dim + s]! / COST_SCALE;
      }
      lower[c] = pool.intercepts[i]! / COST_SCALE;
    }
    start[count] = count * nnzPerRow;
    model.addRows(count, lower, this.upper, start, index, value);
  }

  private reserve(rows: number, nonzeros: number): void {
    if (this.start.length < rows + 1) {
      const n = Math.max(rows + 1, 2 * this.start.length);
      this.start = new Int32Array(n);
      this.lower = new Float64Array(n);
      this.upper = new Float64Array(n).fill(Number.POSITIVE_INFINITY);
    }
    if (this.index.length < nonzeros) {
      const n = Math.max(nonzeros, 2 * this.index.length);
      this.index = new Int32Array(n);
      this.value = new Float64Array(n);
    }
  }
}
