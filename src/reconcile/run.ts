/**
 * One reconciliation: the bill (Admin API or simulator) against the store, compared, and the
 * outcome saved as the database's last reconciliation (`lastReconciliation(store)`).
 */
import { defaultCatalog, type Catalog } from '../shared/catalog.ts';
import { saveReconciliation, type ReconciliationRecord } from '../store/reconciliation-record.ts';
import type { Store } from '../store/index.ts';
import { fetchBilledCost, fetchBilledUsage } from './admin-client.ts';
import { reconcile, summarise, type ReconcileRow, type Thresholds } from './compare.ts';
import { ourBuckets } from './ours.ts';

export const BUCKET_MS: Record<'1h' | '1d', number> = { '1h': 3_600_000, '1d': 86_400_000 };

export interface ReconcileOptions {
  baseURL: string;
  adminKey: string;
  /** `anthropic` or the simulator URL, as recorded. */
  source: string;
  /** Only store rows with this target label (the calls made against the same API). */
  target?: string;
  since: number;
  until: number;
  bucket: '1h' | '1d';
  apiKeyId?: string;
  thresholds: Thresholds;
  now: number;
  catalog?: Catalog;
  fetch?: typeof fetch;
}

export interface ReconcileOutcome {
  rows: ReconcileRow[];
  record: ReconciliationRecord;
}

export async function runReconciliation(store: Store, o: ReconcileOptions): Promise<ReconcileOutcome> {
  const w = BUCKET_MS[o.bucket];
  // Whole buckets: from the start of the first to the end of the one holding `until`.
  const since = Math.floor(o.since / w) * w;
  const until = Math.ceil(o.until / w) * w;
  const q = { baseURL: o.baseURL, adminKey: o.adminKey, since, until, bucket: o.bucket, ...(o.apiKeyId ? { apiKeyId: o.apiKeyId } : {}), ...(o.fetch ? { fetch: o.fetch } : {}) };
  const [usage, cost] = await Promise.all([fetchBilledUsage(q), o.bucket === '1d' ? fetchBilledCost(q) : Promise.resolve([])]);
  const catalog = o.catalog ?? defaultCatalog;
  const ours = ourBuckets(store, { since, until, bucketMs: w, ...(o.target !== undefined ? { target: o.target } : {}) });
  const rows = reconcile(ours, usage, cost, { bucketMs: w, thresholds: o.thresholds, resolveModel: (m) => catalog.find(m)?.id ?? m });
  const s = summarise(rows);
  const record: ReconciliationRecord = {
    ran_at: o.now,
    source: o.source,
    since,
    until,
    bucket: o.bucket,
    api_key_id: o.apiKeyId ?? null,
    thresholds: o.thresholds,
    outcome: s.over_threshold > 0 ? 'drift' : 'agree',
    over_threshold: s.over_threshold,
    max_abs_diff_usd: s.max_abs_diff_usd,
    our_cost_usd: s.our_cost_usd,
    billed_cost_usd: s.billed_cost_usd,
    rows: rows.map((r) => ({ model: r.model, bucket: r.bucket, our_cost_usd: r.our_cost_usd, billed_cost_usd: r.billed_cost_usd, diff_usd: r.diff_usd, token_diff_pct: r.token_diff_pct, cause: r.cause, over_threshold: r.over_threshold })),
  };
  saveReconciliation(store, record);
  return { rows, record };
}
