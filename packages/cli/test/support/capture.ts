/**
 * Runs a command function in-process with stdout and stderr captured, so most tests skip
 * the cost of starting a child process (the CLI wiring itself is covered by a few spawned
 * runs per command).
 */
import { vi } from "vitest";
import type { JsonObject } from "./cobre-bin";

export interface Captured {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export async function capture(command: () => Promise<number>): Promise<Captured> {
  let stdout = "";
  let stderr = "";
  const out = vi.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => {
    stdout += String(chunk);
    return true;
  });
  const err = vi.spyOn(process.stderr, "write").mockImplementation((chunk: string | Uint8Array) => {
    stderr += String(chunk);
    return true;
  });
  try {
    const code = await command();
    return { code, stdout, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

/** `capture` for a command run with `--output-format json`: parses the envelope. */
export async function captureJson(
  command: () => Promise<number>,
): Promise<Captured & { readonly envelope: JsonObject }> {
  const r = await capture(command);
  return { ...r, envelope: JSON.parse(r.stdout) as JsonObject };
}
