/** Version of the CLI: the one version of Cobre-TS. */
export { COBRE_VERSION as VERSION } from "@cobre/core";
