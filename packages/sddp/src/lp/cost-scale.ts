/**
 * The LPs hold costs divided by this factor (θ, already in scaled units, keeps its
 * discount coefficient): stage objectives and cut intercepts reach 1e9–1e12 $ on real
 * systems, which HiGHS' tolerances handle badly. Everything outside the LP — results,
 * cut pools, policy files — is in real money.
 */
export const COST_SCALE = 1000;

/** A template's column costs as the LP holds them: divided by COST_SCALE, except θ's. */
export function scaledCosts(costs: Float64Array, thetaCol: number): Float64Array {
  const out = new Float64Array(costs.length);
  for (let j = 0; j < costs.length; j++) out[j] = j === thetaCol ? costs[j]! : costs[j]! / COST_SCALE;
  return out;
}
