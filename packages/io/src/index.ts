/**
 * @cobre/io — Case loading with 5-layer validation and every Cobre output: Parquet, manifests, metadata, dictionaries, policy checkpoints.
 */
export const PACKAGE_NAME = "@cobre/io";
