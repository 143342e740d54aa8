/** The server's version, reported in the MCP handshake: Cobre's, as the CLI reports it. */
export { COBRE_VERSION as VERSION } from "@cobre/core";
