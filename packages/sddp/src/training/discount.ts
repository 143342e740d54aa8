/**
 * Discounting: θ of stage t carries d_t = 1/(1+r)^(days_t/365.25), days_t the stage's
 * duration, so the future cost is brought back one stage at a time; the present value
 * of stage t's cost uses the product of the factors before it. The rate r is the
 * policy graph's `annual_discount_rate`, or the `annual_discount_rate_override` of the
 * transition leaving stage t when there is one.
 */
import type { PolicyGraph, Stage } from "@cobre/core";

const MS_PER_DAY = 86_400_000;

function stageDays(stage: Stage): number {
  return (Date.parse(stage.endDate) - Date.parse(stage.startDate)) / MS_PER_DAY;
}

export function discountFactors(
  stages: readonly Stage[],
  graph: Pick<PolicyGraph, "annualDiscountRate" | "transitions">,
): { oneStep: Float64Array; cumulative: Float64Array } {
  const T = stages.length;
  const oneStep = new Float64Array(T);
  const cumulative = new Float64Array(T);
  let acc = 1;
  for (let t = 0; t < T; t++) {
    const stage = stages[t]!;
    const override = graph.transitions.find((tr) => tr.sourceId === stage.id)?.annualDiscountRateOverride;
    const rate = override ?? graph.annualDiscountRate;
    oneStep[t] = rate === 0 ? 1 : 1 / (1 + rate) ** (stageDays(stage) / 365.25);
    cumulative[t] = acc;
    acc *= oneStep[t]!;
  }
  return { oneStep, cumulative };
}
