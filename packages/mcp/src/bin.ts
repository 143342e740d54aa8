#!/usr/bin/env node
/**
 * `cobre-mcp [--root DIR]...`: the Cobre MCP server on stdio. stdout carries the protocol
 * alone, so every log line goes to stderr. Without --root, the working directory is the
 * only root.
 */
import { parseArgs } from "node:util";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { createCobreServer } from "./server";

const USAGE =
  "Usage: cobre-mcp [--root DIR]...\n  Serves Cobre over MCP on stdio; paths are confined to the roots (default: the working directory).\n";

async function main(): Promise<number> {
  let roots: string[];
  try {
    const { values } = parseArgs({
      options: { root: { type: "string", multiple: true }, help: { type: "boolean", short: "h" } },
      strict: true,
    });
    if (values.help === true) {
      process.stderr.write(USAGE);
      return 0;
    }
    roots = values.root ?? [process.cwd()];
  } catch (e) {
    process.stderr.write(`error: ${e instanceof Error ? e.message : String(e)}\n${USAGE}`);
    return 1;
  }
  const cobre = await createCobreServer({ roots });
  process.stderr.write(`cobre-mcp: serving on stdio; roots: ${cobre.context.guard.roots.join(", ")}\n`);
  const shutdown = () => {
    void cobre.close().finally(() => process.exit(0));
  };
  process.on("SIGINT", shutdown);
  process.on("SIGTERM", shutdown);
  await cobre.server.connect(new StdioServerTransport());
  return 0;
}

main().catch((e: unknown) => {
  process.stderr.write(`cobre-mcp: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
