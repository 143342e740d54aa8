/** `cobre/run-status`: where a background run is (phase, iteration, bounds, done/failed). */
import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { z } from "zod";
import { analysisError } from "@cobre/io";
import type { ServerContext } from "../context";
import { toolError, toolResult } from "../tool-result";

export function registerRunStatus(server: McpServer, ctx: ServerContext): void {
  server.registerTool(
    "cobre/run-status",
    {
      title: "Status of a run",
      description:
        "Reports a run started by cobre/run-study: phase (starting, training, simulation, writing, done, failed), latest iteration and bounds, simulation progress, and the error of a failed run.",
      inputSchema: { run_id: z.string().min(1).describe("The run_id returned by cobre/run-study") },
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    async ({ run_id }) => {
      const state = ctx.runs.get(run_id);
      if (state === undefined) {
        return toolError(
          analysisError(
            "UnknownRun",
            `no run with id ${run_id}`,
            { run_id, known: ctx.runs.list().map((r) => r.run_id) },
            "Runs live as long as the server; start one with cobre/run-study.",
          ),
        );
      }
      // A copy: the live state keeps changing while the result is serialised.
      return toolResult({ ...state });
    },
  );
}
