/**
 * What the per-entity extractors share: growable result columns, and one solved stage LP
 * seen through its layout (primal values, row duals, the objective term of a column).
 */
import type { System } from "@cobre/core";
import type { StageSolvers } from "../lp/stage-solvers";
import type { StageTemplate } from "../lp/stage-template";
import type { PreparedStudy } from "../study/prepare-study";

/** Growable column of numbers, materialised into a typed array at the end. */
class Col {
  private data: number[] = [];
  push(v: number): void {
    this.data.push(v);
  }
  get length(): number {
    return this.data.length;
  }
  add(row: number, v: number): void {
    this.data[row] = (this.data[row] ?? 0) + v;
  }
  f64(): Float64Array {
    return Float64Array.from(this.data);
  }
  i32(): Int32Array {
    return Int32Array.from(this.data);
  }
  i8(): Int8Array {
    return Int8Array.from(this.data);
  }
}

export type Cols<K extends string> = Record<K, Col> & {
  readonly rowCount: number;
  add(name: K, row: number, v: number): void;
};

export function cols<K extends string>(...names: K[]): Cols<K> {
  const c = Object.fromEntries(names.map((n) => [n, new Col()])) as Record<K, Col>;
  Object.defineProperty(c, "rowCount", { get: () => c[names[0]!].length });
  Object.defineProperty(c, "add", { value: (name: K, row: number, v: number) => c[name].add(row, v) });
  return c as Cols<K>;
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
