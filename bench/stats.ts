/** Small helpers for figures: percentiles and formatting. */

export function percentile(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i]!;
}

export function sortedCopy(values: ArrayLike<number>): Float64Array {
  return Float64Array.from(values).sort();
}

export const int = (n: number) => Math.round(n).toLocaleString('en-US');

export function ms(n: number): string {
  if (!Number.isFinite(n)) return '–';
  if (n < 1) return `${n.toFixed(2)} ms`;
  if (n < 10) return `${n.toFixed(1)} ms`;
  return `${Math.round(n)} ms`;
}

export const mb = (bytes: number) => `${Math.round(bytes / (1024 * 1024))} MB`;

export function seconds(msValue: number): string {
  return `${(msValue / 1000).toFixed(1)} s`;
}

/** Logs progress on stderr, so stdout holds only the table. */
export const log = (msg: string) => process.stderr.write(`[bench] ${msg}\n`);
