import type { Case } from "@cobre/core";

/** The case with its stopping rules replaced by one iteration limit (the benches' runs of a set length). */
export function withIterations(c: Case, limit: number): Case {
  return {
    ...c,
    config: { ...c.config, training: { ...c.config.training, stoppingRules: [{ type: "iteration_limit", limit }] } },
  };
}
