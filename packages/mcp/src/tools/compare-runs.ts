/** `cobre/compare-runs`: the comparison of `cobre compare`, over MCP. */
import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { z } from "zod";
import { DEFAULT_TOLERANCE, compareRuns } from "@cobre/io";
import type { ServerContext } from "../context";
import { toolError, toolResult } from "../tool-result";

export function registerCompareRuns(server: McpServer, ctx: ServerContext): void {
  server.registerTool(
    "cobre/compare-runs",
    {
      title: "Compare two runs",
      description:
        "Compares two output directories: input and config hashes (refusing runs of different inputs with IncompatibleRuns unless force), policy and convergence hashes, bounds per iteration and simulation cost statistics. Verdict: identical, equivalent (within the relative tolerance) or different, with the largest differences.",
      inputSchema: {
        output_a: z.string().min(1).describe("First output directory"),
        output_b: z.string().min(1).describe("Second output directory"),
        tolerance: z
          .number()
          .min(0)
          .optional()
          .describe(`Relative tolerance of 'equivalent' (default ${DEFAULT_TOLERANCE})`),
        force: z.boolean().optional().describe("Compare even when the inputs differ"),
      },
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    async ({ output_a, output_b, tolerance, force }) => {
      const a = await ctx.guard.resolve(output_a);
      if (!a.ok) return toolError(a.error);
      const b = await ctx.guard.resolve(output_b);
      if (!b.ok) return toolError(b.error);
      const r = await compareRuns(a.value, b.value, {
        ...(tolerance === undefined ? {} : { tolerance }),
        ...(force === undefined ? {} : { force }),
      });
      return r.ok ? toolResult({ ...r.value }) : toolError(r.error);
    },
  );
}
