/** `cobre-mcp` as a process on stdio: stdout carries only the protocol, --root confines paths. */
import path from "node:path";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { describe, expect, it } from "vitest";
import { repoRoot, smallCaseRoot } from "./fixtures";

describe("cobre-mcp on stdio", () => {
  it("answers tools/list and tools/call, refusing paths outside --root", async () => {
    const { root, caseDir } = smallCaseRoot();
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: [
        "--conditions=@cobre/source",
        "--import",
        "tsx",
        path.join(repoRoot, "packages/mcp/src/bin.ts"),
        "--root",
        root,
      ],
      cwd: repoRoot,
      stderr: "pipe",
    });
    const client = new Client({ name: "stdio-test", version: "0.0.0" });
    await client.connect(transport);
    try {
      expect((await client.listTools()).tools).toHaveLength(6);
      const ok = (await client.callTool({
        name: "cobre/validate-case",
        arguments: { case_dir: caseDir },
      })) as CallToolResult;
      expect(ok.structuredContent).toMatchObject({ valid: true });
      const refused = (await client.callTool({
        name: "cobre/validate-case",
        arguments: { case_dir: repoRoot },
      })) as CallToolResult;
      expect(refused.isError).toBe(true);
      expect(refused.structuredContent).toMatchObject({ kind: "PathNotAllowed" });
    } finally {
      await client.close();
    }
  });
});
