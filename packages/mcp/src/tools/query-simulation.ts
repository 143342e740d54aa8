/**
 * `cobre/query-simulation`: cost statistics of a simulation and, for one entity family,
 * per-entity aggregates with stage-range, entity-id, scenario and column filters.
 */
import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { SIMULATION_ENTITIES, type SimulationEntity } from "@cobre/io";
import { z } from "zod";
import { costStatistics } from "@cobre/io";
import { aggregateSimulation } from "@cobre/io";
import type { ServerContext } from "../context";
import { toolError, toolResult } from "../tool-result";

const entities = SIMULATION_ENTITIES as readonly [SimulationEntity, ...SimulationEntity[]];

export function registerQuerySimulation(server: McpServer, ctx: ServerContext): void {
  server.registerTool(
    "cobre/query-simulation",
    {
      title: "Simulation results",
      description:
        "Cost statistics of a run's simulation (mean, std, p5/p50/p95 over scenarios of each cost component, and per-scenario totals). With `entity`, also per-entity aggregates of that family's numeric columns, filtered by stage range, entity id, scenarios and columns.",
      inputSchema: {
        output_dir: z.string().min(1).describe("Output directory of a run"),
        entity: z.enum(entities).optional().describe("Simulation family to aggregate (hydros, thermals, buses, …)"),
        stage_from: z.number().int().min(0).optional().describe("First stage index (0-based, inclusive)"),
        stage_to: z.number().int().min(0).optional().describe("Last stage index (inclusive)"),
        entity_id: z.number().int().optional().describe("Only this entity id (e.g. hydro_id 3)"),
        columns: z.array(z.string().min(1)).min(1).optional().describe("Columns to aggregate (default: all numeric)"),
        scenarios: z
          .array(z.number().int().min(0))
          .min(1)
          .optional()
          .describe("Only these scenario ids (aggregates only)"),
        include_scenario_totals: z.boolean().optional().describe("Include per-scenario total cost (default true)"),
      },
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    async (args) => {
      const dir = await ctx.guard.resolve(args.output_dir);
      if (!dir.ok) return toolError(dir.error);
      const costs = await costStatistics(dir.value);
      if (!costs.ok) return toolError(costs.error);
      const { scenarios, components, scenarioTotals } = costs.value;
      const data: Record<string, unknown> = {
        output_dir: dir.value,
        cost_statistics: {
          scenarios,
          components,
          ...(args.include_scenario_totals === false ? {} : { scenario_totals: scenarioTotals }),
        },
      };
      if (args.entity !== undefined) {
        const aggregates = await aggregateSimulation(dir.value, {
          entity: args.entity,
          ...(args.stage_from === undefined ? {} : { stageFrom: args.stage_from }),
          ...(args.stage_to === undefined ? {} : { stageTo: args.stage_to }),
          ...(args.entity_id === undefined ? {} : { entityId: args.entity_id }),
          ...(args.columns === undefined ? {} : { columns: args.columns }),
          ...(args.scenarios === undefined ? {} : { scenarios: args.scenarios }),
        });
        if (!aggregates.ok) return toolError(aggregates.error);
        data.aggregates = aggregates.value;
      }
      return toolResult(data);
    },
  );
}
