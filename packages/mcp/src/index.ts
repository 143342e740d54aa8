/**
 * @cobre/mcp — Cobre over the Model Context Protocol: tools to validate cases, run
 * studies in the background, query convergence and simulation outputs and compare runs,
 * plus resources for an output directory's manifests and metadata. Paths are confined to
 * the server's roots.
 *
 * The read-only analyses behind the tools live in @cobre/io, shared with `cobre compare`.
 */
export { type CobreServer, type CobreServerOptions, createCobreServer } from "./server";
export { PathGuard } from "./paths";
export { RunRegistry, type RunPhase, type RunState } from "./run-registry";
export { OUTPUT_DOCUMENTS, outputResourceUri } from "./resources";
export type { ServerContext } from "./context";
