/**
 * The case reaches the workers through a JetStream object store, keyed by the SHA-256 of
 * its serialized form: workers need no shared filesystem, download a case once per
 * hash, and refuse bytes that do not hash to their key.
 */
import { createHash } from "node:crypto";
import { deserialize, serialize } from "node:v8";
import type { Case, Result } from "@cobre/core";
import { err, ok } from "@cobre/core";
import type { NatsConnection } from "@nats-io/nats-core";
import { type ObjectStore, Objm } from "@nats-io/obj";
import { type ClusterError, clusterError } from "./errors";

function sha256(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

/** The serialized case and its hash. */
export function packCase(c: Case): { bytes: Uint8Array; hash: string } {
  const bytes = serialize(c);
  return { bytes, hash: sha256(bytes) };
}

async function bucket(nc: NatsConnection, name: string): Promise<Result<ObjectStore, ClusterError>> {
  try {
    return ok(await new Objm(nc).create(name));
  } catch (e) {
    return err(
      clusterError(
        "JetStreamUnavailable",
        `the NATS server has no usable JetStream (needed to carry the case to the workers): ${e instanceof Error ? e.message : String(e)}`,
        { bucket: name },
        "Start nats-server with JetStream: `nats-server -js -sd DIR` (or `jetstream { store_dir: DIR }` in its config).",
      ),
    );
  }
}

/** Uploads the case unless the store already holds its hash. */
export async function publishCase(
  nc: NatsConnection,
  name: string,
  packed: { bytes: Uint8Array; hash: string },
): Promise<Result<null, ClusterError>> {
  const os = await bucket(nc, name);
  if (!os.ok) return os;
  try {
    const info = await os.value.info(packed.hash);
    if (info === null || info.deleted) await os.value.putBlob({ name: packed.hash }, packed.bytes);
    return ok(null);
  } catch (e) {
    return err(
      clusterError("JetStreamUnavailable", `could not store the case: ${e instanceof Error ? e.message : String(e)}`, {
        bucket: name,
      }),
    );
  }
}

/** Downloads the case of `hash` and checks its bytes against it. */
export async function fetchCase(nc: NatsConnection, name: string, hash: string): Promise<Result<Case, ClusterError>> {
  const os = await bucket(nc, name);
  if (!os.ok) return os;
  let bytes: Uint8Array | null;
  try {
    bytes = await os.value.getBlob(hash);
  } catch (e) {
    return err(
      clusterError(
        "CaseTransferFailed",
        `could not download case ${hash}: ${e instanceof Error ? e.message : String(e)}`,
        {
          hash,
        },
      ),
    );
  }
  if (bytes === null) return err(clusterError("CaseTransferFailed", `case ${hash} is not in the store`, { hash }));
  const got = sha256(bytes);
  if (got !== hash)
    return err(clusterError("CaseTransferFailed", `case bytes hash to ${got}, expected ${hash}`, { hash, got }));
  return ok(deserialize(bytes) as Case);
}
