/**
 * Simplex bases that every worker reads from the same place, so that a warm start never
 * depends on which worker solved what.
 *
 * A basis is a status code per column and per row (HiGHS codes: 0 lower, 1 basic,
 * 2 upper, 3 zero, 4 nonbasic), stored here as bytes in buffers that may be
 * `SharedArrayBuffer`s. Each stage has `slots` slots of `numCols + maxRows` bytes:
 *
 * - slots `0 … forwardPasses − 1`: the basis of forward scenario m at stage t in the
 *   current iteration. The backward pass starts trial point m at stage t from it (same
 *   incoming state, another noise), and the lower bound starts from slot 0 of stage 0.
 * - the last slot ({@link BasisStore.policySlot}): the basis the policy fixes for stage
 *   t. Before the first iteration, that of a reference trajectory (`reference-bases.ts`);
 *   then, for t ≥ 1, the last solve of trial point 0 in the backward pass (it has every
 *   cut the stage's LP holds in the next forward pass), and for stage 0 slot 0, copied
 *   by the coordinator after the iteration. Every forward solve of the next iteration,
 *   every policy-evaluation and every simulation solve of stage t starts from it. It is
 *   the only basis that crosses iterations, so it is what a checkpoint keeps
 *   (`policy/basis/stage_NNN.bin`).
 * - the slot before it ({@link BasisStore.stagingSlot}): where the backward pass leaves
 *   the policy's next basis of stage t until the stage's cuts are appended, which copies
 *   it over. The last stage's backward units run while other threads still solve forward
 *   scenarios that start from the policy slot.
 *
 * Every slot is written by exactly one task of a phase and read only in a later phase,
 * so its content is a pure function of (case, seed, iteration) whatever the number of
 * workers. Cut rows are kept by pool index, not by LP row: the LP holds only the active
 * cuts (a selection rebuilds it), so a basis is mapped onto whatever rows the LP has when
 * it is installed. Cuts that had no row when it was captured (new cuts) enter it as
 * basic: their slacks take the new rows. A basis that no longer has one basic entry per
 * row (a binding cut row was removed since) is not installed: that solve starts cold.
 */
import type { StageBasisData } from "@cobre/io";

/** HiGHS status code of a basic variable or row slack. */
const BASIC = 1;
/** Marks a cut that had no row in the LP when the basis was captured. */
const NO_ROW = 255;
/** Highest status code HiGHS uses (4: nonbasic). */
const MAX_STATUS = 4;

/** LP shape of one stage, fixed for a run. */
export interface StageLpShape {
  readonly numCols: number;
  /** Rows of the stage template (before any cut row). */
  readonly numTemplateRows: number;
  /** Cut rows the run can add (the cut pool's capacity). */
  readonly maxCuts: number;
}

/** The raw buffers of a store, transferable to worker threads. */
export interface BasisStoreBuffers {
  readonly slots: number;
  readonly shapes: readonly StageLpShape[];
  /** Per stage: `slots × (numCols + numTemplateRows + maxCuts)` status bytes (cuts by pool index). */
  readonly status: readonly ArrayBufferLike[];
  /** Int32 `[stage * slots + slot]`: pool cuts the stored basis covers; −1 when the slot is empty. */
  readonly rows: ArrayBufferLike;
  /** Int32 `[stage * slots + slot]`: iteration in which the basis was captured. */
  readonly iterations: ArrayBufferLike;
}

function allocate(bytes: number, shared: boolean): ArrayBufferLike {
  return shared ? new SharedArrayBuffer(Math.max(8, bytes)) : new ArrayBuffer(Math.max(8, bytes));
}

export class BasisStore {
  private readonly status: Uint8Array[];
  private readonly rows: Int32Array;
  private readonly iterations: Int32Array;

  private constructor(readonly buffers: BasisStoreBuffers) {
    this.status = buffers.status.map((b) => new Uint8Array(b));
    this.rows = new Int32Array(buffers.rows);
    this.iterations = new Int32Array(buffers.iterations);
  }

  /**
   * Allocates empty slots for every stage: `forwardPasses` forward slots, the staging slot
   * and the policy slot. Pass `shared` when workers run in other threads.
   */
  static create(shapes: readonly StageLpShape[], forwardPasses: number, shared: boolean): BasisStore {
    const slots = Math.max(1, forwardPasses) + 2;
    const store = new BasisStore({
      slots,
      shapes: shapes.map((s) => ({ numCols: s.numCols, numTemplateRows: s.numTemplateRows, maxCuts: s.maxCuts })),
      status: shapes.map((s) => allocate(slots * (s.numCols + s.numTemplateRows + s.maxCuts), shared)),
      rows: allocate(shapes.length * slots * 4, shared),
      iterations: allocate(shapes.length * slots * 4, shared),
    });
    store.rows.fill(-1);
    return store;
  }

  /** A view over buffers created elsewhere (a worker's view of the coordinator's store). */
  static fromBuffers(buffers: BasisStoreBuffers): BasisStore {
    return new BasisStore(buffers);
  }

  /** The slot holding the basis the policy fixes for each stage. */
  get policySlot(): number {
    return this.buffers.slots - 1;
  }

  /** The slot where the policy's next basis of a stage waits for the stage's cuts (then no forward solve reads the policy slot). */
  get stagingSlot(): number {
    return this.buffers.slots - 2;
  }

  /** Whether the policy slot of stage `t` holds a basis. */
  hasPolicyBasis(t: number): boolean {
    return (this.rows[t * this.buffers.slots + this.policySlot] ?? -1) >= 0;
  }

  get stages(): number {
    return this.buffers.shapes.length;
  }

  private width(t: number): number {
    const s = this.shape(t);
    return s.numCols + s.numTemplateRows + s.maxCuts;
  }

  private shape(t: number): StageLpShape {
    const s = this.buffers.shapes[t];
    if (s === undefined) throw new RangeError(`no stage ${t} in the basis store`);
    return s;
  }

  /**
   * Stores a basis as HiGHS reports it: `rowStatus` holds the template rows, then one row
   * per cut, row `numTemplateRows + k` being pool cut `rowCut[k]`; `cutCount` pool
   * entries were considered by the LP (the others are newer).
   */
  write(
    t: number,
    slot: number,
    colStatus: ArrayLike<number>,
    rowStatus: ArrayLike<number>,
    rowCut: ArrayLike<number>,
    cutCount: number,
    iteration: number,
  ): void {
    const shape = this.shape(t);
    const cutRows = rowStatus.length - shape.numTemplateRows;
    if (colStatus.length !== shape.numCols || cutRows < 0 || cutCount > shape.maxCuts) {
      throw new RangeError(`basis of stage ${t} does not fit its slot (${colStatus.length} columns)`);
    }
    const bytes = this.status[t]!;
    const at = slot * this.width(t);
    for (let j = 0; j < shape.numCols; j++) bytes[at + j] = colStatus[j]!;
    const rowAt = at + shape.numCols;
    for (let i = 0; i < shape.numTemplateRows; i++) bytes[rowAt + i] = rowStatus[i]!;
    const cutAt = rowAt + shape.numTemplateRows;
    bytes.fill(NO_ROW, cutAt, cutAt + cutCount);
    for (let k = 0; k < cutRows; k++) bytes[cutAt + rowCut[k]!] = rowStatus[shape.numTemplateRows + k]!;
    const key = t * this.buffers.slots + slot;
    this.rows[key] = cutCount;
    this.iterations[key] = iteration;
  }

  /**
   * Fills `colOut` (numCols entries) and `rowOut` (the model's rows now: template, then
   * the cut rows, row `numTemplateRows + k` being pool cut `rowCut[k]`, or cut k when
   * `rowCut` is null) with the stored basis; cuts without a stored status are basic.
   * Returns false when the slot is empty or the result is not a square basis.
   */
  read(t: number, slot: number, colOut: Int32Array, rowOut: Int32Array, rowCut: ArrayLike<number> | null): boolean {
    const shape = this.shape(t);
    const stored = this.rows[t * this.buffers.slots + slot]!;
    if (stored < 0 || colOut.length !== shape.numCols || rowOut.length < shape.numTemplateRows) return false;
    const bytes = this.status[t]!;
    const at = slot * this.width(t);
    let basic = 0;
    for (let j = 0; j < shape.numCols; j++) {
      const v = bytes[at + j]!;
      colOut[j] = v;
      if (v === BASIC) basic++;
    }
    const rowAt = at + shape.numCols;
    for (let i = 0; i < shape.numTemplateRows; i++) {
      const v = bytes[rowAt + i]!;
      rowOut[i] = v;
      if (v === BASIC) basic++;
    }
    const cutAt = rowAt + shape.numTemplateRows;
    for (let k = 0; k < rowOut.length - shape.numTemplateRows; k++) {
      const cut = rowCut === null ? k : rowCut[k]!;
      const v = cut < stored ? bytes[cutAt + cut]! : NO_ROW;
      const status = v === NO_ROW ? BASIC : v;
      rowOut[shape.numTemplateRows + k] = status;
      if (status === BASIC) basic++;
    }
    return basic === rowOut.length;
  }

  /**
   * Writes into `out` the pool indices (ascending) of the cuts whose rows were nonbasic —
   * binding — in the basis of `slot`, and returns how many. An LP that holds only some of
   * the cuts must hold these for the basis to be installable. `out` needs `maxCuts` entries.
   */
  nonbasicCuts(t: number, slot: number, out: Int32Array): number {
    const shape = this.shape(t);
    const stored = this.rows[t * this.buffers.slots + slot]!;
    if (stored <= 0) return 0;
    const bytes = this.status[t]!;
    const cutAt = slot * this.width(t) + shape.numCols + shape.numTemplateRows;
    let n = 0;
    for (let i = 0; i < stored; i++) {
      const v = bytes[cutAt + i]!;
      if (v !== BASIC && v !== NO_ROW) out[n++] = i;
    }
    return n;
  }

  /** Empties the policy slot of every stage (before another policy's bases are installed). */
  clearPolicySlots(): void {
    for (let t = 0; t < this.stages; t++) this.rows[t * this.buffers.slots + this.policySlot] = -1;
  }

  /** Copies slot `from` of stage `t` into slot `to` (e.g. forward slot 0 → policy slot). */
  copySlot(t: number, from: number, to: number): void {
    const w = this.width(t);
    const kFrom = t * this.buffers.slots + from;
    const kTo = t * this.buffers.slots + to;
    const shape = this.shape(t);
    const n = shape.numCols + shape.numTemplateRows + Math.max(0, this.rows[kFrom]!);
    this.status[t]!.copyWithin(to * w, from * w, from * w + n);
    this.rows[kTo] = this.rows[kFrom]!;
    this.iterations[kTo] = this.iterations[kFrom]!;
  }

  /**
   * The policy slot of stage `t` in the Cobre format (`policy/basis/stage_NNN.bin`): the
   * template rows, then one row per cut active now (`active`, pool order, `size` cuts) —
   * the rows of an LP built from this pool. Null when the slot is empty.
   */
  exportPolicyBasis(t: number, active: ArrayLike<number>, size: number): StageBasisData | null {
    const slot = this.policySlot;
    const key = t * this.buffers.slots + slot;
    if (this.rows[key]! < 0) return null;
    const shape = this.shape(t);
    const rowCut: number[] = [];
    for (let i = 0; i < size; i++) if (active[i] === 1) rowCut.push(i);
    const cols = new Int32Array(shape.numCols);
    const rows = new Int32Array(shape.numTemplateRows + rowCut.length);
    this.read(t, slot, cols, rows, rowCut);
    return {
      stageIndex: t,
      iteration: this.iterations[key]!,
      columnStatus: Uint8Array.from(cols),
      rowStatus: Uint8Array.from(rows),
      numCutRows: rowCut.length,
    };
  }

  /**
   * Installs a Cobre-format basis (rows: template, then the active cuts of the pool it was
   * saved with, in pool order) into the policy slot of its stage. Returns false, leaving
   * the slot as it was, when it does not fit: another column or template row count, not
   * as many cut rows as active cuts in `active`, an undefined status code, or not one
   * basic entry per row.
   */
  importPolicyBasis(basis: StageBasisData, active: ArrayLike<number>, size: number): boolean {
    const t = basis.stageIndex;
    if (t < 0 || t >= this.stages) return false;
    const shape = this.shape(t);
    const rowCut: number[] = [];
    for (let i = 0; i < size; i++) if (active[i] === 1) rowCut.push(i);
    if (
      basis.columnStatus.length !== shape.numCols ||
      basis.rowStatus.length - basis.numCutRows !== shape.numTemplateRows ||
      basis.numCutRows !== rowCut.length ||
      size > shape.maxCuts ||
      basis.columnStatus.some((s) => s > MAX_STATUS) ||
      basis.rowStatus.some((s) => s > MAX_STATUS)
    ) {
      return false;
    }
    let basic = 0;
    for (const s of basis.rowStatus) if (s === BASIC) basic++;
    for (const s of basis.columnStatus) if (s === BASIC) basic++;
    if (basic !== basis.rowStatus.length) return false;
    this.write(t, this.policySlot, basis.columnStatus, basis.rowStatus, rowCut, size, basis.iteration);
    return true;
  }

  /** Slot `slot` of stage `t` as stored (cut statuses by pool index; 255: no row), for exact resume. */
  exportRaw(t: number, slot: number): RawBasis | null {
    const key = t * this.buffers.slots + slot;
    const cuts = this.rows[key]!;
    if (cuts < 0) return null;
    const shape = this.shape(t);
    const at = slot * this.width(t);
    return {
      stage: t,
      iteration: this.iterations[key]!,
      cutCount: cuts,
      status: this.status[t]!.slice(at, at + shape.numCols + shape.numTemplateRows + cuts),
    };
  }

  /** Restores what {@link exportRaw} gave into slot `slot`; false when it does not fit. */
  importRaw(raw: RawBasis, slot: number): boolean {
    const t = raw.stage;
    if (t < 0 || t >= this.stages) return false;
    const shape = this.shape(t);
    if (raw.cutCount > shape.maxCuts || raw.status.length !== shape.numCols + shape.numTemplateRows + raw.cutCount) {
      return false;
    }
    this.status[t]!.set(raw.status, slot * this.width(t));
    const key = t * this.buffers.slots + slot;
    this.rows[key] = raw.cutCount;
    this.iterations[key] = raw.iteration;
    return true;
  }
}

/** A stored basis as the store keeps it: columns, template rows, then one status per pool cut. */
export interface RawBasis {
  readonly stage: number;
  readonly iteration: number;
  readonly cutCount: number;
  readonly status: Uint8Array;
}
