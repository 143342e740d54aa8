/**
 * Resources: an output directory's manifests and metadata as JSON documents, addressed
 * `cobre://output/{document}?dir=<output dir>`. The listing offers those of the runs this
 * server finished; any other directory under a root can be read by URI.
 */
import { type McpServer, ResourceTemplate } from "@modelcontextprotocol/sdk/server/mcp.js";
import { ErrorCode, McpError, type ReadResourceResult } from "@modelcontextprotocol/sdk/types.js";
import { readOutputJson } from "@cobre/io";
import type { ServerContext } from "./context";

/** The documents served, by URI name, with their path in an output directory. */
export const OUTPUT_DOCUMENTS = {
  metadata: "training/metadata.json",
  "training-manifest": "training/_manifest.json",
  "simulation-manifest": "simulation/_manifest.json",
} as const;

type DocumentName = keyof typeof OUTPUT_DOCUMENTS;

function isDocument(name: string): name is DocumentName {
  return Object.hasOwn(OUTPUT_DOCUMENTS, name);
}

/** The URI of `document` of the output directory `dir`. */
export function outputResourceUri(document: DocumentName, dir: string): string {
  return `cobre://output/${document}?dir=${encodeURIComponent(dir)}`;
}

export function registerResources(server: McpServer, ctx: ServerContext): void {
  const template = new ResourceTemplate("cobre://output/{document}{?dir}", {
    list: () => ({
      resources: ctx.runs
        .list()
        .filter((r) => r.done)
        .flatMap((r) =>
          (Object.keys(OUTPUT_DOCUMENTS) as DocumentName[]).map((d) => ({
            uri: outputResourceUri(d, r.output_dir),
            name: `${d} of ${r.output_dir}`,
            mimeType: "application/json",
          })),
        ),
    }),
    complete: { document: () => Object.keys(OUTPUT_DOCUMENTS) },
  });
  server.registerResource(
    "cobre-output",
    template,
    {
      title: "Run manifests and metadata",
      description: `JSON documents of an output directory: ${Object.entries(OUTPUT_DOCUMENTS)
        .map(([k, v]) => `${k} (${v})`)
        .join(", ")}.`,
      mimeType: "application/json",
    },
    async (uri): Promise<ReadResourceResult> => {
      // Read from the URL itself: the template's variable parsing does not decode `dir`.
      const name = uri.host === "output" ? uri.pathname.replace(/^\/+/, "") : "";
      const dir = uri.searchParams.get("dir");
      if (!isDocument(name) || dir === null) {
        throw new McpError(
          ErrorCode.InvalidParams,
          `expected cobre://output/{${Object.keys(OUTPUT_DOCUMENTS).join("|")}}?dir=DIR, got ${uri.href}`,
        );
      }
      const real = await ctx.guard.resolve(dir);
      if (!real.ok) throw new McpError(ErrorCode.InvalidParams, real.error.message, real.error);
      const json = await readOutputJson(real.value, OUTPUT_DOCUMENTS[name]);
      if (!json.ok) throw new McpError(ErrorCode.InvalidParams, json.error.message, json.error);
      return { contents: [{ uri: uri.href, mimeType: "application/json", text: JSON.stringify(json.value, null, 2) }] };
    },
  );
}
