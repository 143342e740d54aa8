/** Version strings recorded in manifests and metadata. */
export const COBRE_TS_VERSION = "0.1.0";
export const METADATA_SCHEMA_URI = "https://cobre.dev/schemas/v2/training_metadata.schema.json";
