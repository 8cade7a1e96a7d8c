/** Number formatting shared by the reports. Each returns an en-dash for a missing value. */

export const MISSING = '–';

const isNum = (v: number | null | undefined): v is number => typeof v === 'number' && Number.isFinite(v);

/** Milliseconds: `840 ms`, `1.24 s`, `2 min 5 s`. */
export function formatMs(ms: number | null | undefined): string {
  if (!isNum(ms)) return MISSING;
  if (ms === 0) return '0 ms';
  if (Math.abs(ms) < 1) return `${ms.toFixed(2)} ms`;
  if (Math.abs(ms) < 1000) return `${Math.round(ms)} ms`;
  if (Math.abs(ms) < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
  const min = Math.floor(ms / 60_000);
  return `${min} min ${Math.round((ms - min * 60_000) / 1000)} s`;
}

/** A share in 0..1 as a percentage: `0.5%`, `12.3%`, `100%`. */
export function formatPct(share: number | null | undefined, digits = 1): string {
  if (!isNum(share)) return MISSING;
  const p = share * 100;
  if (p !== 0 && Math.abs(p) < 0.1) return `${p.toFixed(2)}%`;
  return `${Number(p.toFixed(digits))}%`;
}

/** US dollars with precision that suits the size: `$0.000412`, `$0.42`, `$1,234.50`. */
export function formatUsd(usd: number | null | undefined): string {
  if (!isNum(usd)) return MISSING;
  const a = Math.abs(usd);
  if (a === 0) return '$0';
  if (a < 0.01) return `$${usd.toPrecision(3)}`;
  return `$${usd.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
}

/** Counts with thousands separators; large values compact: `1,234`, `1.2M`. */
export function formatCount(n: number | null | undefined): string {
  if (!isNum(n)) return MISSING;
  if (Math.abs(n) >= 10_000_000) return `${(n / 1_000_000).toFixed(1)}M`;
  return Math.round(n).toLocaleString('en-US');
}

/** A per-second rate: `19.8/s`. */
export function formatRate(perSecond: number | null | undefined): string {
  if (!isNum(perSecond)) return MISSING;
  return `${perSecond >= 100 ? Math.round(perSecond).toLocaleString('en-US') : perSecond.toFixed(1)}/s`;
}
