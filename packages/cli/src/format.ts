/** Number formats shared by the human renderers (money lives in progress.ts, used live too). */
export { formatMoney } from "./progress";

/** `4.27 s`, `3m 42s`, `1h 05m`; `—` for null. */
export function formatSeconds(s: number | null): string {
  if (s === null || !Number.isFinite(s)) return "—";
  if (s < 60) return `${s.toFixed(2)} s`;
  if (s < 3600) return `${Math.floor(s / 60)}m ${String(Math.round(s % 60)).padStart(2, "0")}s`;
  return `${Math.floor(s / 3600)}h ${String(Math.round((s % 3600) / 60)).padStart(2, "0")}m`;
}

/** `-18.49%`; `—` for null. */
export function formatPercent(p: number | null): string {
  return p === null || !Number.isFinite(p) ? "—" : `${p.toFixed(2)}%`;
}

/** Integers with thin grouping: `1 250 000`. */
export function formatCount(n: number | null): string {
  if (n === null || !Number.isFinite(n)) return "—";
  return Math.round(n)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, " ");
}

/** Fallback for absent values. */
export function orDash(v: unknown): string {
  return v === null || v === undefined || v === "" ? "—" : String(v);
}
