/**
 * The one version of Cobre-TS, recorded in manifests, metadata and policy files and
 * printed by `cobre version`; kept in step with the packages' package.json by the release
 * process (test/package-graph.test.ts checks that they agree).
 */
export const COBRE_VERSION = "0.1.0";
