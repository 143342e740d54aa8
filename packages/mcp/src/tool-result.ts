/**
 * Tool results: data as structured content (with the same JSON as text, for clients that
 * read only text), failures as MCP tool errors (`isError`) carrying {kind, message,
 * context, suggestion} — the CLI envelope's error record.
 */
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import type { AnalysisError } from "@cobre/io";

/** A successful tool result. */
export function toolResult(data: Record<string, unknown>): CallToolResult {
  return { content: [{ type: "text", text: JSON.stringify(data) }], structuredContent: data };
}

/** A tool error: `isError: true` with the error record as structured content. */
export function toolError(e: AnalysisError): CallToolResult {
  const record: Record<string, unknown> = { kind: e.kind, message: e.message, context: e.context };
  if (e.suggestion !== undefined) record.suggestion = e.suggestion;
  return { content: [{ type: "text", text: JSON.stringify(record) }], structuredContent: record, isError: true };
}
