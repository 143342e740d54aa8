/**
 * A check that an LP solution's duals belong to the LP: the reduced costs HiGHS reports
 * must equal c − Aᵀy for its row duals y. They are the cut coefficients and the proof of
 * optimality, so a solve whose duals fail the check cannot be trusted.
 *
 * Why: a warm-started backward solve of 4ree (iteration 194, stage 6, from a stored basis
 * on rebuilt cut rows) ended "optimal" with zero reported infeasibilities at 5.6712e10,
 * where a cold solve of the same LP (compared entry by entry) gives 4.6313e10; its reduced
 * costs differed from c − Aᵀy by up to 43.5 on basic columns, where a sound solve agrees
 * to 1e-13 (docs/performance.md, seventh session). The cut it made was invalid (5% above
 * the stage's value at the other trial points) and lifted the lower bound by 2.5% in one
 * iteration. The check costs one pass over the LP's nonzeros per solve.
 */
import type { CutPool } from "../cuts/cut-pool";
import { COST_SCALE, scaledCosts } from "./cost-scale";
import type { StageTemplate } from "./stage-template";

/** Relative residual above which a solve's duals are taken as not the LP's. */
export const DUAL_RESIDUAL_TOLERANCE = 1e-6;

/** The cut rows of a stage LP: row `numTemplateRows + k` holds pool cut `rowCut[k]` (cut k when null). */
export interface CutRowView {
  readonly pool: CutPool | undefined;
  readonly count: number;
  readonly rowCut: Int32Array | null;
}

/**
 * The largest |c_j − (Aᵀy)_j − d_j| over the columns, each relative to the size of its
 * terms (at least 1): `costs` the model's (scaled) column costs, `rowDual` y and
 * `colDual` d as HiGHS reports them, the matrix being the stage template's columns and
 * the cut rows `θ − β·x_out / COST_SCALE ≥ α / COST_SCALE`. `acc` and `mag` are scratch of
 * at least numCols entries.
 */
export function dualResidual(
  template: StageTemplate,
  costs: Float64Array,
  cuts: CutRowView,
  rowDual: Float64Array,
  colDual: Float64Array,
  acc: Float64Array,
  mag: Float64Array,
): number {
  const { lp, layout } = template;
  const numCols = lp.numCols;
  for (let j = 0; j < numCols; j++) {
    let a = 0;
    let m = 0;
    for (let k = lp.start[j]!; k < lp.start[j + 1]!; k++) {
      const term = lp.value[k]! * rowDual[lp.index[k]!]!;
      a += term;
      m += Math.abs(term);
    }
    acc[j] = a;
    mag[j] = m;
  }
  const pool = cuts.pool;
  if (pool !== undefined && cuts.count > 0) {
    const dim = layout.stateDim;
    const theta = layout.thetaCol;
    for (let k = 0; k < cuts.count; k++) {
      const y = rowDual[layout.numTemplateRows + k]!;
      if (y === 0) continue;
      acc[theta] = acc[theta]! + y;
      mag[theta] = mag[theta]! + Math.abs(y);
      const cut = cuts.rowCut === null ? k : cuts.rowCut[k]!;
      for (let s = 0; s < dim; s++) {
        const col = layout.stateOutCols[s]!;
        const term = (-pool.coefficients[cut * dim + s]! / COST_SCALE) * y;
        acc[col] = acc[col]! + term;
        mag[col] = mag[col]! + Math.abs(term);
      }
    }
  }
  let worst = 0;
  for (let j = 0; j < numCols; j++) {
    const c = costs[j]!;
    const r = Math.abs(c - acc[j]! - colDual[j]!) / Math.max(1, Math.abs(c), mag[j]!);
    if (r > worst) worst = r;
  }
  return worst;
}

/** The check for the stage LPs of a run: their (scaled) costs, and scratch sized once. */
export class DualCheck {
  /** Scaled column costs of each stage LP: what HiGHS holds. */
  readonly costs: Float64Array[];
  private readonly acc: Float64Array;
  private readonly mag: Float64Array;

  constructor(private readonly templates: readonly StageTemplate[]) {
    this.costs = templates.map((tpl) => scaledCosts(tpl.lp.colCost, tpl.layout.thetaCol));
    const maxCols = Math.max(1, ...templates.map((tpl) => tpl.lp.numCols));
    this.acc = new Float64Array(maxCols);
    this.mag = new Float64Array(maxCols);
  }

  /** Whether the duals of a solve of stage `t` are not its LP's (see {@link dualResidual}). */
  fails(t: number, cuts: CutRowView, rowDual: Float64Array, colDual: Float64Array): boolean {
    const residual = dualResidual(this.templates[t]!, this.costs[t]!, cuts, rowDual, colDual, this.acc, this.mag);
    return residual > DUAL_RESIDUAL_TOLERANCE;
  }
}
