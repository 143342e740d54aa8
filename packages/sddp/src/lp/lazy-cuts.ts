/**
 * Cut rows on demand. An LP row costs HiGHS work on every solve whether it binds or not,
 * and of the hundreds of cuts of a stage only a handful bind at any one point. So a stage
 * LP holds, for one unit of work, only the cuts its starting basis has binding and the
 * newest cuts; after each solve the cuts left out are checked at the
 * solution (θ against α + β·x_out), the most violated are added as rows, and the LP is
 * re-solved until none is violated. The result is an optimum of the LP with every cut:
 * the LP solved is a relaxation of it whose optimum satisfies every left-out cut. On
 * 4ree's 256 iterations the time per iteration grows 2.3× instead of 4.9× as cuts
 * accumulate (docs/performance.md).
 *
 * What the LP holds depends only on the unit's starting basis and the solves of that
 * unit, never on what the worker solved before, so results stay independent of the number
 * of workers.
 */
import type { CutPool } from "../cuts/cut-pool";

/**
 * Cuts added per round, the most violated first. A HiGHS run has a fixed cost of the
 * order of a hundred rows, so fewer, larger rounds pay: on 4ree (80 iterations, CPU
 * time) batches of 32 beat batches of 8 or 16.
 */
const LAZY_CUT_BATCH = 32;

/**
 * A unit of work starts with this many of the newest active cuts as rows (with the ones
 * its basis has binding): a small pool is then held whole, as an LP that holds every cut
 * would, and a large one needs few re-solves, the newest cuts being those of the states
 * the policy visits now.
 */
export const LAZY_PRELOAD_CUTS = 240;

/**
 * A cut counts as violated when θ falls short of it by more than this fraction of the
 * magnitudes involved: far below the solver's own tolerances, so the optimum found is that
 * of the LP with every cut.
 */
const RELATIVE_VIOLATION = 1e-9;

/** The most violated cuts at a point, found without allocating. */
export class ViolatedCuts {
  /** Pool indices of the cuts found, most violated first (`count` of them). */
  readonly picked: Int32Array;
  private readonly amount: Float64Array;
  count = 0;

  constructor(readonly batch: number = LAZY_CUT_BATCH) {
    this.picked = new Int32Array(batch);
    this.amount = new Float64Array(batch);
  }

  /**
   * Finds up to `batch` active cuts of `pool` that are not rows (`inModel[i] === 0`) and
   * that the point (`x`, the outgoing state; `theta`, the future cost, both in real
   * units) violates. Returns how many; ties keep the lower pool index.
   */
  find(pool: CutPool, inModel: Uint8Array, x: ArrayLike<number>, theta: number): number {
    const dim = pool.stateDim;
    const { intercepts, coefficients, active } = pool;
    const picked = this.picked;
    const amount = this.amount;
    const batch = this.batch;
    let n = 0;
    const size = pool.size;
    for (let i = 0; i < size; i++) {
      if (active[i] !== 1 || inModel[i] === 1) continue;
      const alpha = intercepts[i]!;
      let value = alpha;
      const at = i * dim;
      for (let s = 0; s < dim; s++) value += coefficients[at + s]! * x[s]!;
      const shortfall = value - theta;
      if (!(shortfall > RELATIVE_VIOLATION * (1 + Math.abs(alpha) + Math.abs(theta)))) continue;
      if (n === batch && shortfall <= amount[n - 1]!) continue;
      // Insertion into the sorted top list.
      let k = n < batch ? n++ : n - 1;
      while (k > 0 && amount[k - 1]! < shortfall) {
        amount[k] = amount[k - 1]!;
        picked[k] = picked[k - 1]!;
        k--;
      }
      amount[k] = shortfall;
      picked[k] = i;
    }
    this.count = n;
    return n;
  }
}
