/** `cobre/run-study`: loads a case and starts training + simulation in the background. */
import path from "node:path";
import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { loadCase } from "@cobre/io";
import { z } from "zod";
import { analysisError } from "@cobre/io";
import type { ServerContext } from "../context";
import { toolError, toolResult } from "../tool-result";

export function registerRunStudy(server: McpServer, ctx: ServerContext): void {
  server.registerTool(
    "cobre/run-study",
    {
      title: "Start a study",
      description:
        "Validates and loads a case, then trains the policy and simulates it in the background, writing outputs to output_dir. Returns a run_id at once; poll cobre/run-status with it.",
      inputSchema: {
        case_dir: z.string().min(1).describe("Case directory"),
        output_dir: z.string().min(1).optional().describe("Where outputs go (default: <case_dir>/output)"),
        threads: z
          .number()
          .int()
          .min(1)
          .max(256)
          .optional()
          .describe("Worker threads (default 1); results do not depend on it"),
      },
      annotations: { readOnlyHint: false, destructiveHint: false, openWorldHint: false },
    },
    async ({ case_dir, output_dir, threads }) => {
      const caseDir = await ctx.guard.resolve(case_dir);
      if (!caseDir.ok) return toolError(caseDir.error);
      const outputDir = await ctx.guard.resolve(output_dir ?? path.join(caseDir.value, "output"));
      if (!outputDir.ok) return toolError(outputDir.error);
      const loaded = await loadCase(caseDir.value);
      if (!loaded.ok) {
        const { errors, warnings } = loaded.error;
        return toolError(
          analysisError(
            "InvalidCase",
            `${caseDir.value} is not a valid case (${errors.length} error(s)); first: [${errors[0]?.kind ?? "?"}] ${errors[0]?.message ?? ""}`,
            { case_dir: caseDir.value, errors, warnings },
            "Run cobre/validate-case for the full report.",
          ),
        );
      }
      const state = ctx.runs.start(loaded.value, caseDir.value, outputDir.value, threads ?? 1);
      return toolResult({
        run_id: state.run_id,
        case_dir: state.case_dir,
        output_dir: state.output_dir,
        phase: state.phase,
      });
    },
  );
}
