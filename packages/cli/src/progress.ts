/**
 * Training progress on stderr: a live line per iteration on a TTY, plain lines
 * otherwise, nothing with --quiet.
 */
import type { IterationRecord } from "@cobre/sddp";
import { style } from "./output";

export function formatMoney(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  const abs = Math.abs(v);
  if (abs >= 1e9) return `${(v / 1e9).toFixed(3)}G`;
  if (abs >= 1e6) return `${(v / 1e6).toFixed(3)}M`;
  if (abs >= 1e3) return `${(v / 1e3).toFixed(3)}k`;
  return v.toFixed(2);
}

export function iterationLine(
  r: Pick<IterationRecord, "iteration" | "lowerBound" | "upperBoundMean" | "ci95HalfWidth" | "gap" | "iterationTimeMs">,
): string {
  const ci = r.ci95HalfWidth > 0 ? ` ± ${formatMoney(r.ci95HalfWidth)}` : "";
  return [
    `iter ${String(r.iteration).padStart(4)}`,
    `LB ${formatMoney(r.lowerBound).padStart(10)}`,
    `UB ${(formatMoney(r.upperBoundMean) + ci).padStart(20)}`,
    `gap ${(100 * r.gap).toFixed(2).padStart(7)}%`,
    `${r.iterationTimeMs.toFixed(0).padStart(6)} ms`,
  ].join("  ");
}

export class ProgressReporter {
  private readonly tty = process.stderr.isTTY === true;
  constructor(private readonly quiet: boolean) {}

  header(text: string): void {
    if (!this.quiet) process.stderr.write(`${style.bold(text)}\n`);
  }

  iteration(r: Parameters<typeof iterationLine>[0]): void {
    if (this.quiet) return;
    const line = iterationLine(r);
    if (this.tty) process.stderr.write(`\r\u001b[2K${line}`);
    else process.stderr.write(`${line}\n`);
  }

  /** Simulation progress: a bar with scenarios/s and ETA on a TTY. */
  simulation(done: number, total: number, elapsedMs: number): void {
    if (this.quiet) return;
    const rate = done / Math.max(1e-9, elapsedMs / 1000);
    const eta = rate > 0 ? (total - done) / rate : 0;
    const width = 30;
    const filled = Math.round((done / Math.max(1, total)) * width);
    const line = `simulation [${"#".repeat(filled)}${".".repeat(width - filled)}] ${done}/${total}  ${rate.toFixed(1)} scen/s  ETA ${eta.toFixed(1)} s`;
    if (this.tty) process.stderr.write(`\r\u001b[2K${line}`);
    else if (done === total || done % Math.max(1, Math.floor(total / 10)) === 0) process.stderr.write(`${line}\n`);
  }

  endLine(): void {
    if (!this.quiet && this.tty) process.stderr.write("\n");
  }

  info(text: string): void {
    if (!this.quiet) process.stderr.write(`${text}\n`);
  }
}
