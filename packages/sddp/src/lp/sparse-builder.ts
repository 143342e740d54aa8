/**
 * Collects an LP column by column (objective, bounds, entries) and row by row (bounds),
 * then emits the compressed-sparse-column arrays the solver layer takes. Building is
 * done once per (worker, stage), so clarity wins over micro-optimisation here.
 */
export interface SparseLp {
  readonly numCols: number;
  readonly numRows: number;
  readonly colCost: Float64Array;
  readonly colLower: Float64Array;
  readonly colUpper: Float64Array;
  readonly rowLower: Float64Array;
  readonly rowUpper: Float64Array;
  readonly start: Int32Array;
  readonly index: Int32Array;
  readonly value: Float64Array;
}

export class SparseLpBuilder {
  private readonly cost: number[] = [];
  private readonly lower: number[] = [];
  private readonly upper: number[] = [];
  private readonly rowLo: number[] = [];
  private readonly rowUp: number[] = [];
  private readonly entries: { row: number; value: number }[][] = [];

  /** Adds a column and returns its index. */
  addCol(cost: number, lower: number, upper: number): number {
    this.cost.push(cost);
    this.lower.push(lower);
    this.upper.push(upper);
    this.entries.push([]);
    return this.cost.length - 1;
  }

  /** Adds a row `lower ≤ a·x ≤ upper` (entries added with `set`) and returns its index. */
  addRow(lower: number, upper: number): number {
    this.rowLo.push(lower);
    this.rowUp.push(upper);
    return this.rowLo.length - 1;
  }

  /** Upper bound of an existing column. */
  colUpperOf(col: number): number {
    const u = this.upper[col];
    if (u === undefined) throw new Error(`column ${col} does not exist`);
    return u;
  }

  /** Replaces the bounds of an existing row. */
  setRowBounds(row: number, lower: number, upper: number): void {
    if (row < 0 || row >= this.rowLo.length) throw new Error(`row ${row} does not exist`);
    this.rowLo[row] = lower;
    this.rowUp[row] = upper;
  }

  /** Adds `value` to the coefficient of column `col` in row `row`. */
  set(row: number, col: number, value: number): void {
    if (value === 0) return;
    const list = this.entries[col];
    if (list === undefined) throw new Error(`column ${col} does not exist`);
    const existing = list.find((e) => e.row === row);
    if (existing !== undefined) existing.value += value;
    else list.push({ row, value });
  }

  get numCols(): number {
    return this.cost.length;
  }

  get numRows(): number {
    return this.rowLo.length;
  }

  build(): SparseLp {
    const numCols = this.cost.length;
    const start = new Int32Array(numCols + 1);
    let nnz = 0;
    for (let j = 0; j < numCols; j++) {
      start[j] = nnz;
      nnz += (this.entries[j] ?? []).filter((e) => e.value !== 0).length;
    }
    start[numCols] = nnz;
    const index = new Int32Array(nnz);
    const value = new Float64Array(nnz);
    let k = 0;
    for (let j = 0; j < numCols; j++) {
      const sorted = (this.entries[j] ?? []).filter((e) => e.value !== 0).sort((a, b) => a.row - b.row);
      for (const e of sorted) {
        index[k] = e.row;
        value[k] = e.value;
        k++;
      }
    }
    return {
      numCols,
      numRows: this.rowLo.length,
      colCost: Float64Array.from(this.cost),
      colLower: Float64Array.from(this.lower),
      colUpper: Float64Array.from(this.upper),
      rowLower: Float64Array.from(this.rowLo),
      rowUpper: Float64Array.from(this.rowUp),
      start,
      index,
      value,
    };
  }
}
