/**
 * What the per-entity extractors share: growable result columns, and one solved stage LP
 * seen through its layout (primal values, row duals, the objective term of a column).
 */
import type { System } from "@cobre/core";
import type { StageSolvers } from "../lp/stage-solvers";
import type { StageTemplate } from "../lp/stage-template";
import type { PreparedStudy } from "../study/prepare-study";

/**
 * Column of numbers written row by row into a Float64Array sized for the whole scenario
 * (`capacity`, known from the study), so a row costs one store instead of a push onto a
 * plain array and a copy at the end; it grows only if the capacity was short. Integer
 * columns are converted once at the end (ToInt32/ToInt8, as `Int32Array.from` does).
 */
class Col {
  private data: Float64Array;
  private n = 0;
  constructor(capacity: number) {
    this.data = new Float64Array(Math.max(1, capacity));
  }
  push(v: number): void {
    if (this.n === this.data.length) {
      const grown = new Float64Array(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    this.data[this.n++] = v;
  }
  get length(): number {
    return this.n;
  }
  add(row: number, v: number): void {
    this.data[row] = this.data[row]! + v;
  }
  /** The column's values; the buffer itself when it is exactly full (then this column is spent). */
  f64(): Float64Array {
    return this.n === this.data.length ? this.data : this.data.slice(0, this.n);
  }
  i32(): Int32Array {
    return new Int32Array(this.data.subarray(0, this.n));
  }
  i8(): Int8Array {
    return new Int8Array(this.data.subarray(0, this.n));
  }
}

/** How a column is handed over: as doubles, or converted once to Int32 or Int8. */
type ColumnKind = "f64" | "i32" | "i8";

/** The typed arrays a column spec finishes into. */
type Finished<S extends Record<string, ColumnKind>> = {
  [K in keyof S]: S[K] extends "i32" ? Int32Array : S[K] extends "i8" ? Int8Array : Float64Array;
};

export type Cols<S extends Record<string, ColumnKind>> = Record<keyof S & string, Col> & {
  readonly rowCount: number;
  add(name: keyof S & string, row: number, v: number): void;
  /** Every column as its kind says, keyed as in the spec (the columns are then spent). */
  finish(): Finished<S>;
};

/**
 * Columns named and typed by `spec` (the result family's columns, in its order), each with
 * room for `capacity` rows (the scenario's row count of the family).
 */
export function cols<const S extends Record<string, ColumnKind>>(capacity: number, spec: S): Cols<S> {
  const names = Object.keys(spec) as (keyof S & string)[];
  const c = Object.fromEntries(names.map((n) => [n, new Col(capacity)])) as Record<keyof S & string, Col>;
  Object.defineProperty(c, "rowCount", { get: () => c[names[0]!].length });
  Object.defineProperty(c, "add", { value: (name: keyof S & string, row: number, v: number) => c[name].add(row, v) });
  Object.defineProperty(c, "finish", {
    value: () => Object.fromEntries(names.map((n) => [n, (c[n] as Col)[spec[n] as ColumnKind]()])),
  });
  return c as Cols<S>;
}

/**
 * Rows per scenario of each row shape, from the study's stage layouts: `blocks` (Σ over
 * stages of their blocks: one row per (stage, block)) and `lagRows` (Σ of inflow-lag slots
 * × hydros). Computed once per study.
 */
export interface ScenarioShape {
  readonly blocks: number;
  readonly lagRows: number;
  /** For each hydro (by position), the positions of the hydros whose turbined and spilled water reach it. */
  readonly upstream: readonly (readonly number[])[];
  /** For each hydro (by position), the positions of the hydros diverting water into it. */
  readonly divertedFrom: readonly (readonly number[])[];
}

const shapes = new WeakMap<PreparedStudy, ScenarioShape>();

export function scenarioShape(study: PreparedStudy): ScenarioShape {
  let shape = shapes.get(study);
  if (shape === undefined) {
    let blocks = 0;
    let lagRows = 0;
    for (const { layout } of study.templates) {
      blocks += layout.numBlocks;
      lagRows += layout.inflowLagSlots * layout.numHydros;
    }
    const hydros = study.case.system.hydros;
    const positionsWhere = (pred: (src: (typeof hydros)[number], id: number) => boolean) =>
      hydros.map((h) => hydros.flatMap((src, u) => (pred(src, h.id) ? [u] : [])));
    shape = {
      blocks,
      lagRows,
      upstream: positionsWhere((src, id) => src.downstreamId === id),
      divertedFrom: positionsWhere((src, id) => src.diversion?.downstreamId === id),
    };
    shapes.set(study, shape);
  }
  return shape;
}

/** Operative state codes of `codes.json`: 2 = operating, 0 = not in service. */
export const OPERATING = 2;

/** Stage `t` of a study right after its solve, as every entity kind reads it. */
export interface SolvedStage {
  readonly t: number;
  readonly study: PreparedStudy;
  readonly system: System;
  readonly stage: System["stages"][number];
  readonly layout: StageTemplate["layout"];
  readonly lp: StageTemplate["lp"];
  readonly solvers: StageSolvers;
  /** Primal values of the solve (the model's array, overwritten by the next solve: read before it). */
  readonly x: Float64Array;
  /** Row duals of the solve, in scaled units (multiply by COST_SCALE); same lifetime as `x`. */
  readonly y: Float64Array;
  /** Blocks of the stage (K) and hydros of the system (H). */
  readonly K: number;
  readonly H: number;
  /** Hours of each block. */
  readonly hours: readonly number[];
  /** Objective term of column `col` at the solution, in real money; 0 for an absent column (−1). */
  cost(col: number): number;
}

export function solvedStage(study: PreparedStudy, t: number, solvers: StageSolvers): SolvedStage {
  const { system } = study.case;
  const stage = system.stages[t]!;
  const { layout, lp } = study.templates[t]!;
  const x = solvers.primal(t);
  return {
    t,
    study,
    system,
    stage,
    layout,
    lp,
    solvers,
    x,
    y: solvers.rowDuals(t),
    K: layout.numBlocks,
    H: layout.numHydros,
    hours: stage.blocks.map((b) => b.hours),
    cost: (col: number) => (col < 0 ? 0 : lp.colCost[col]! * x[col]!),
  };
}
