/** Number and time formatting of the tables; `–` for a missing value. */

export const DASH = '–';

export function fmtMs(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return DASH;
  if (ms >= 10_000) return `${(ms / 1000).toFixed(1)} s`;
  if (ms >= 1000) return `${(ms / 1000).toFixed(2)} s`;
  return `${ms.toFixed(ms < 10 ? 1 : 0)} ms`;
}

export function fmtNum(n: number | null | undefined, digits = 1): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return DASH;
  return n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: 0 });
}

export function fmtUsd(n: number | null | undefined): string {
  if (n === null || n === undefined) return DASH;
  return n === 0 ? '$0' : `$${n < 0.01 ? n.toPrecision(2) : n.toFixed(4)}`;
}

export function fmtPct(n: number | null | undefined): string {
  return n === null || n === undefined ? DASH : `${(n * 100).toFixed(1)} %`;
}

export function fmtDate(iso: string | null | undefined): string {
  if (!iso) return DASH;
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? DASH : d.toISOString().replace('T', ' ').slice(0, 16);
}

/** A signed delta, e.g. `+12.5` / `−3`. */
export function fmtDelta(n: number | null | undefined, digits = 1, unit = ''): string {
  if (n === null || n === undefined) return DASH;
  const s = Math.abs(n).toFixed(digits);
  return `${n > 0 ? '+' : n < 0 ? '−' : '±'}${s}${unit}`;
}
