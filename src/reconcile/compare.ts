/**
 * Reconciliation as pure functions: our per-call records summed per model and bucket, the
 * Admin API's billed usage and cost for the same buckets, in; one row per model and bucket out,
 * with the difference and its likely cause. No I/O here (store-side.ts and admin-client.ts feed it).
 */

/** Token sums in the four kinds the bill separates. `cache_write` is 5-minute plus 1-hour writes. */
export interface TokenSums {
  input: number;
  output: number;
  cache_write: number;
  cache_read: number;
}

/** Our side: the store's calls of one model in one bucket. */
export interface OurBucket {
  model: string;
  /** Bucket start, epoch ms (UTC-aligned). */
  bucket: number;
  calls: number;
  tokens: TokenSums;
  cost_usd: number;
  /** Calls whose model had no price: their cost is unknown, not 0. */
  unpriced_calls: number;
}

/** The usage report's tokens for one model, bucket and service tier. */
export interface BilledUsage {
  model: string;
  bucket: number;
  service_tier: string;
  tokens: TokenSums;
}

/** One cost report line (grouped by description), in USD. `model` is null for charges that are not tokens. */
export interface BilledCost {
  model: string | null;
  /** Day start, epoch ms. */
  day: number;
  usd: number;
  cost_type: string;
}

export const CAUSES = ['agree', 'price_changed', 'model_unpriced', 'tier_not_modelled', 'calls_missing_from_records', 'missing_from_bill', 'unmodelled_charge'] as const;
export type Cause = (typeof CAUSES)[number];

/** How each cause reads in a table. */
export const CAUSE_TEXT: Record<Cause, string> = {
  agree: 'agrees',
  price_changed: 'price changed',
  model_unpriced: 'model unpriced',
  tier_not_modelled: 'tier not modelled',
  calls_missing_from_records: 'calls missing from our records',
  missing_from_bill: 'calls missing from the bill',
  unmodelled_charge: 'unmodelled charge',
};

export interface Thresholds {
  /** A difference counts when it passes this share of the billed figure (2 = 2%) ... */
  pct: number;
  /** ... and, for cost, this many USD. */
  usd: number;
}

export const DEFAULT_THRESHOLDS: Thresholds = { pct: 2, usd: 0.01 };

export interface ReconcileRow {
  /** Model id, or `(non-token)` for charges without a model. */
  model: string;
  bucket: number;
  calls: number;
  ours: TokenSums;
  billed: TokenSums;
  our_cost_usd: number | null;
  /** Null when the bucket is narrower than a day (the cost report is daily) or the model has no cost line. */
  billed_cost_usd: number | null;
  /** billed - ours, USD; null when either side is unknown. */
  diff_usd: number | null;
  /** Largest relative token difference over the four kinds, percent of the larger side. */
  token_diff_pct: number;
  cause: Cause;
  /** True when the difference passes the thresholds: `reconcile` exits 1. */
  over_threshold: boolean;
}

export const NON_TOKEN_MODEL = '(non-token)';
const DAY_MS = 86_400_000;
const KINDS = ['input', 'output', 'cache_write', 'cache_read'] as const;
const zero = (): TokenSums => ({ input: 0, output: 0, cache_write: 0, cache_read: 0 });

function addTokens(a: TokenSums, b: TokenSums): void {
  for (const k of KINDS) a[k] += b[k];
}

function tokenDiffPct(ours: TokenSums, billed: TokenSums): number {
  let worst = 0;
  for (const k of KINDS) {
    const base = Math.max(ours[k], billed[k]);
    if (base > 0) worst = Math.max(worst, (Math.abs(billed[k] - ours[k]) / base) * 100);
  }
  return worst;
}

/**
 * One row per model and bucket seen on either side, sorted by bucket then model.
 * `resolveModel` maps an alias to the id the bill uses. Billed cost is compared only when
 * `bucketMs` is a day (the cost report has no finer buckets).
 */
export function reconcile(ours: readonly OurBucket[], usage: readonly BilledUsage[], cost: readonly BilledCost[], opts: { bucketMs: number; thresholds?: Thresholds; resolveModel?: (m: string) => string }): ReconcileRow[] {
  const th = opts.thresholds ?? DEFAULT_THRESHOLDS;
  const resolve = opts.resolveModel ?? ((m: string) => m);
  const daily = opts.bucketMs === DAY_MS;
  type Acc = { model: string; bucket: number; ours?: OurBucket; billed: TokenSums; hasBilled: boolean; tiers: Set<string>; cost: number | null };
  const acc = new Map<string, Acc>();
  const get = (model: string, bucket: number) => {
    const k = `${bucket}|${model}`;
    let a = acc.get(k);
    if (!a) acc.set(k, (a = { model, bucket, billed: zero(), hasBilled: false, tiers: new Set(), cost: null }));
    return a;
  };
  for (const o of ours) {
    const a = get(resolve(o.model), o.bucket);
    if (!a.ours) a.ours = { ...o, tokens: { ...o.tokens } };
    else {
      a.ours.calls += o.calls;
      addTokens(a.ours.tokens, o.tokens);
      a.ours.cost_usd += o.cost_usd;
      a.ours.unpriced_calls += o.unpriced_calls;
    }
  }
  for (const u of usage) {
    const a = get(u.model, u.bucket);
    addTokens(a.billed, u.tokens);
    a.hasBilled = true;
    a.tiers.add(u.service_tier);
  }
  if (daily) {
    for (const c of cost) {
      const a = get(c.model ?? NON_TOKEN_MODEL, c.day);
      a.cost = (a.cost ?? 0) + c.usd;
      if (c.model) a.hasBilled = true;
    }
  }
  const rows: ReconcileRow[] = [];
  for (const a of acc.values()) {
    const o = a.ours;
    const ourTokens = o?.tokens ?? zero();
    const ourCost = o ? (o.unpriced_calls > 0 ? null : o.cost_usd) : a.model === NON_TOKEN_MODEL ? null : 0;
    const diff = a.cost !== null && ourCost !== null ? a.cost - ourCost : a.cost !== null && a.model === NON_TOKEN_MODEL ? a.cost : null;
    const tokPct = tokenDiffPct(ourTokens, a.billed);
    const tokOver = tokPct > th.pct;
    const costOver = diff !== null && Math.abs(diff) > th.usd && Math.abs(diff) > (th.pct / 100) * Math.max(Math.abs(a.cost ?? 0), Math.abs(ourCost ?? 0));
    const cause = causeOf(a.model, o, a.hasBilled, a.tiers, tokOver, costOver, ourTokens, a.billed);
    rows.push({
      model: a.model,
      bucket: a.bucket,
      calls: o?.calls ?? 0,
      ours: ourTokens,
      billed: a.billed,
      our_cost_usd: ourCost,
      billed_cost_usd: a.cost,
      diff_usd: diff,
      token_diff_pct: tokPct,
      cause,
      over_threshold: cause !== 'agree' && (tokOver || costOver || cause === 'model_unpriced' || cause === 'unmodelled_charge' || cause === 'tier_not_modelled'),
    });
  }
  return rows.sort((x, y) => x.bucket - y.bucket || (x.model < y.model ? -1 : x.model > y.model ? 1 : 0));
}

function causeOf(model: string, o: OurBucket | undefined, hasBilled: boolean, tiers: Set<string>, tokOver: boolean, costOver: boolean, ours: TokenSums, billed: TokenSums): Cause {
  if (model === NON_TOKEN_MODEL) return 'unmodelled_charge';
  if (!o) return hasBilled ? 'calls_missing_from_records' : 'agree';
  if (!hasBilled) return 'missing_from_bill';
  if ([...tiers].some((t) => t !== 'standard')) return 'tier_not_modelled';
  if (tokOver) return KINDS.some((k) => billed[k] > ours[k]) ? 'calls_missing_from_records' : 'missing_from_bill';
  if (o.unpriced_calls > 0) return 'model_unpriced';
  if (costOver) return 'price_changed';
  return 'agree';
}

/** Worst figures of a reconciliation, for the stored record, the alert and the dashboard. */
export interface ReconcileSummary {
  rows: number;
  over_threshold: number;
  max_abs_diff_usd: number;
  our_cost_usd: number;
  billed_cost_usd: number;
}

export function summarise(rows: readonly ReconcileRow[]): ReconcileSummary {
  let over = 0;
  let maxAbs = 0;
  let ours = 0;
  let billed = 0;
  for (const r of rows) {
    if (r.over_threshold) over++;
    if (r.diff_usd !== null) maxAbs = Math.max(maxAbs, Math.abs(r.diff_usd));
    ours += r.our_cost_usd ?? 0;
    billed += r.billed_cost_usd ?? 0;
  }
  return { rows: rows.length, over_threshold: over, max_abs_diff_usd: maxAbs, our_cost_usd: ours, billed_cost_usd: billed };
}
