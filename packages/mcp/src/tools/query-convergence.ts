/** `cobre/query-convergence`: rows of `training/convergence.parquet`. */
import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { z } from "zod";
import { convergenceRows } from "@cobre/io";
import type { ServerContext } from "../context";
import { toolError, toolResult } from "../tool-result";

export function registerQueryConvergence(server: McpServer, ctx: ServerContext): void {
  server.registerTool(
    "cobre/query-convergence",
    {
      title: "Convergence log",
      description:
        "Returns the rows of training/convergence.parquet of an output directory (lower bound, upper bound mean/std, gap, cuts, timings per iteration), optionally only iterations in [iteration_from, iteration_to].",
      inputSchema: {
        output_dir: z.string().min(1).describe("Output directory of a run"),
        iteration_from: z.number().int().min(1).optional().describe("First iteration (1-based, inclusive)"),
        iteration_to: z.number().int().min(1).optional().describe("Last iteration (inclusive)"),
      },
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    async ({ output_dir, iteration_from, iteration_to }) => {
      const dir = await ctx.guard.resolve(output_dir);
      if (!dir.ok) return toolError(dir.error);
      const rows = await convergenceRows(dir.value, {
        ...(iteration_from === undefined ? {} : { from: iteration_from }),
        ...(iteration_to === undefined ? {} : { to: iteration_to }),
      });
      if (!rows.ok) return toolError(rows.error);
      return toolResult({ output_dir: dir.value, count: rows.value.length, rows: rows.value });
    },
  );
}
