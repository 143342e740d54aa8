/** Schemas of the JSON files under `scenarios/` and `constraints/`. */
import { z } from "zod";
import { int, opt, schemaKey } from "./common";

const blockFactor = z.object({ block_id: int(), factor: z.number() });

/** `scenarios/load_factors.json`. */
export const loadFactorsFileSchema = z.object({
  $schema: schemaKey,
  load_factors: z.array(z.object({ bus_id: int(), stage_id: int(), block_factors: z.array(blockFactor) })),
});
export type RawLoadFactorsFile = z.infer<typeof loadFactorsFileSchema>;

/** `scenarios/non_controllable_factors.json`. */
export const ncsFactorsFileSchema = z.object({
  $schema: schemaKey,
  non_controllable_factors: z.array(z.object({ ncs_id: int(), stage_id: int(), block_factors: z.array(blockFactor) })),
});
export type RawNcsFactorsFile = z.infer<typeof ncsFactorsFileSchema>;

/** `constraints/exchange_factors.json`. */
export const exchangeFactorsFileSchema = z.object({
  $schema: schemaKey,
  exchange_factors: z.array(
    z.object({
      line_id: int(),
      stage_id: int(),
      block_factors: z.array(z.object({ block_id: int(), direct_factor: z.number(), reverse_factor: z.number() })),
    }),
  ),
});
export type RawExchangeFactorsFile = z.infer<typeof exchangeFactorsFileSchema>;

/** `constraints/generic_constraints.json`. */
export const genericConstraintsFileSchema = z.object({
  $schema: schemaKey,
  constraints: z.array(
    z.object({
      id: int(),
      name: z.string(),
      description: opt(z.string()),
      expression: z.string(),
      sense: z.string(),
      slack: z.object({ enabled: z.boolean(), penalty: opt(z.number()) }),
    }),
  ),
});
export type RawGenericConstraintsFile = z.infer<typeof genericConstraintsFileSchema>;

/** `scenarios/correlation.json`. */
export const correlationFileSchema = z.object({
  $schema: schemaKey,
  method: z.string(),
  profiles: z.record(
    z.string(),
    z.object({
      correlation_groups: z.array(
        z.object({
          name: z.string(),
          entities: z.array(z.object({ type: z.string(), id: int() })),
          matrix: z.array(z.array(z.number())),
        }),
      ),
    }),
  ),
  schedule: opt(z.array(z.object({ stage_id: int(), profile_name: z.string() }))),
});
export type RawCorrelationFile = z.infer<typeof correlationFileSchema>;
