/** Runs a decoder over untrusted bytes and turns every failure into a `PolicyError` value. */
import { err, ok, type Result } from "@cobre/core";
import { BufferFault } from "./safe-table";
import type { PolicyError } from "./types";

/** Calls `decode`; a {@link BufferFault} or any other exception becomes an error result. */
export function guardDecode<T>(what: string, decode: () => T): Result<T, PolicyError> {
  try {
    return ok(decode());
  } catch (e) {
    if (e instanceof BufferFault) {
      return err({ kind: e.truncated ? "TruncatedFile" : "Corrupted", message: `${what}: ${e.message}` });
    }
    const detail = e instanceof Error ? e.message : String(e);
    return err({ kind: "Corrupted", message: `${what}: unreadable FlatBuffer (${detail})` });
  }
}

/** Throws a non-truncation fault: the buffer is well formed but its contents disagree. */
export function inconsistent(message: string): never {
  throw new BufferFault(false, message);
}
