/** Version strings recorded in manifests and metadata. */
export { COBRE_VERSION as COBRE_TS_VERSION } from "@cobre/core";
export const METADATA_SCHEMA_URI = "https://cobre.dev/schemas/v2/training_metadata.schema.json";
