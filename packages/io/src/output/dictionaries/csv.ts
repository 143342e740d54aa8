/** Minimal RFC 4180 CSV: quote a field only when it holds a comma, quote or line break. */

function csvField(value: string | number | boolean): string {
  const s = String(value);
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

export function csvDocument(
  header: readonly string[],
  rows: readonly (readonly (string | number | boolean)[])[],
): string {
  return `${[header, ...rows].map((r) => r.map(csvField).join(",")).join("\n")}\n`;
}
