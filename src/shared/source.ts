/**
 * Where a result came from: the simulator, the real Anthropic API, or a base URL the tool cannot
 * vouch for (a gateway, or `claude-canary sim` over HTTP). It is a pure function of the target
 * stored with every result (`sim`, `anthropic`, or a URL origin), so it is derived from that
 * column rather than stored twice where the two could disagree.
 */

export const RESULT_SOURCES = ['simulator', 'anthropic', 'custom'] as const;
export type ResultSource = (typeof RESULT_SOURCES)[number];

/** The real API's origin: a URL target naming it counts as the real API. */
export const ANTHROPIC_ORIGIN = 'https://api.anthropic.com';

/** `sim` -> simulator; `anthropic` or https://api.anthropic.com -> anthropic; any other URL -> custom. */
export function resultSource(target: string): ResultSource {
  if (target === 'sim') return 'simulator';
  if (target === 'anthropic' || target === ANTHROPIC_ORIGIN) return 'anthropic';
  return 'custom';
}

/** The same derivation in SQL over `results.target`, for queries that group or filter by source. */
export const SOURCE_SQL = `(CASE WHEN target = 'sim' THEN 'simulator' WHEN target IN ('anthropic', '${ANTHROPIC_ORIGIN}') THEN 'anthropic' ELSE 'custom' END)`;

/** Short badge text per source. */
export const SOURCE_LABEL: Record<ResultSource, string> = { simulator: 'simulator', anthropic: 'real API', custom: 'custom URL' };
