/** `cobre/validate-case`: the five validation layers over a case directory. */
import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { validate } from "@cobre/io";
import { z } from "zod";
import type { ServerContext } from "../context";
import { toolError, toolResult } from "../tool-result";

export function registerValidateCase(server: McpServer, ctx: ServerContext): void {
  server.registerTool(
    "cobre/validate-case",
    {
      title: "Validate a case",
      description:
        "Runs the structural, schema, referential, dimensional and semantic checks on a case directory and returns every error and warning. An invalid case is a successful call with valid: false.",
      inputSchema: { case_dir: z.string().min(1).describe("Case directory (with config.json, system/, …)") },
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    async ({ case_dir }) => {
      const dir = await ctx.guard.resolve(case_dir);
      if (!dir.ok) return toolError(dir.error);
      const report = await validate(dir.value);
      return toolResult({
        case_dir: dir.value,
        valid: report.valid,
        layers_completed: report.layersCompleted,
        errors: report.errors,
        warnings: report.warnings,
      });
    },
  );
}
