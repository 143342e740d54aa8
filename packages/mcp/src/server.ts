/**
 * The Cobre MCP server: six tools and the output-document resources, every path confined
 * to the configured roots. Transport-agnostic: `bin.ts` connects it to stdio, tests to an
 * in-memory pair.
 */
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import type { ServerContext } from "./context";
import { PathGuard } from "./paths";
import { registerResources } from "./resources";
import { RunRegistry } from "./run-registry";
import { registerCompareRuns } from "./tools/compare-runs";
import { registerQueryConvergence } from "./tools/query-convergence";
import { registerQuerySimulation } from "./tools/query-simulation";
import { registerRunStatus } from "./tools/run-status";
import { registerRunStudy } from "./tools/run-study";
import { registerValidateCase } from "./tools/validate-case";
import { VERSION } from "./version";

export interface CobreServerOptions {
  /** Directories the server may read and write under (each must exist). */
  readonly roots: readonly string[];
}

export interface CobreServer {
  readonly server: McpServer;
  readonly context: ServerContext;
  /** Stops background runs at their next iteration boundary, then closes the server. */
  close(): Promise<void>;
}

/**
 * The spec's tool names (`cobre/validate-case`, …) contain a `/`, which the SDK's naming
 * check (SEP-986) warns about on stderr at every registration; the names are kept for
 * compatibility with Cobre's documented interface, so that warning alone is silenced.
 */
function withoutToolNameWarnings(register: () => void): void {
  const warn = console.warn;
  console.warn = (...args: unknown[]) => {
    const first = String(args[0] ?? "");
    if (/tool name|Tool registration|naming standard|SEP|^\s+-/i.test(first)) return;
    warn(...args);
  };
  try {
    register();
  } finally {
    console.warn = warn;
  }
}

/**
 * Builds a server over `options.roots`.
 *
 * @example
 * ```ts
 * const { server } = await createCobreServer({ roots: ["/data/studies"] });
 * await server.connect(new StdioServerTransport());
 * ```
 */
export async function createCobreServer(options: CobreServerOptions): Promise<CobreServer> {
  const context: ServerContext = { guard: await PathGuard.create(options.roots), runs: new RunRegistry() };
  const server = new McpServer(
    { name: "cobre", version: VERSION },
    {
      instructions:
        "Cobre: SDDP for hydrothermal dispatch. Validate a case, start a study with cobre/run-study, poll cobre/run-status, then query or compare the outputs. Paths must lie under the server's roots.",
    },
  );
  withoutToolNameWarnings(() => {
    registerValidateCase(server, context);
    registerRunStudy(server, context);
    registerRunStatus(server, context);
    registerQueryConvergence(server, context);
    registerQuerySimulation(server, context);
    registerCompareRuns(server, context);
  });
  registerResources(server, context);
  return {
    server,
    context,
    close: async () => {
      await context.runs.stopAll();
      await server.close();
    },
  };
}
