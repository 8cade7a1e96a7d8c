/**
 * Money for people and logs. Costs are sums of per-token prices, so binary floating point leaves
 * noise like `0.000023999999999999997`: stored values keep full precision, and everything a
 * person or a log line reads goes through these.
 */

/** Significant digits kept: enough for micro-dollar costs and for monthly totals to the cent. */
export const USD_SIGNIFICANT_DIGITS = 6;

/** A cost rounded to {@link USD_SIGNIFICANT_DIGITS} significant digits, still a number (for JSON logs). `0.000023999999999999997` -> `0.000024`. */
export function roundUsd(usd: number): number;
export function roundUsd(usd: number | null): number | null;
export function roundUsd(usd: number | null): number | null {
  if (usd === null || !Number.isFinite(usd) || usd === 0) return usd;
  return Number(usd.toPrecision(USD_SIGNIFICANT_DIGITS));
}

/** `$0.000024`, `$0.0125`, `$197.51`, `$1,234.57`: no float noise and no exponent. `-` for null. */
export function formatUsd(usd: number | null): string {
  if (usd === null || !Number.isFinite(usd)) return '-';
  if (usd === 0) return '$0';
  const r = roundUsd(usd);
  return `${r < 0 ? '-' : ''}$${Math.abs(r).toLocaleString('en-US', { maximumSignificantDigits: USD_SIGNIFICANT_DIGITS, maximumFractionDigits: 10 })}`;
}
