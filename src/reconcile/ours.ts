/**
 * Our side of a reconciliation: the store's calls with usage, summed per model and UTC bucket in
 * one SQL pass over the time index (a 1M-row month is a single aggregate query, no row objects).
 */
import type { Store } from '../store/index.ts';
import type { OurBucket } from './compare.ts';

export interface OurQuery {
  /** Inclusive, epoch ms. */
  since: number;
  /** Exclusive, epoch ms. */
  until: number;
  /** Bucket width in ms (an hour or a day); buckets are aligned on the UTC epoch. */
  bucketMs: number;
  /** Only calls made against this target label (`anthropic`, or a URL's origin); all when omitted. */
  target?: string;
}

interface Row {
  model: string;
  b: number;
  calls: number;
  input: number;
  output: number;
  cache_write: number;
  cache_read: number;
  cost: number;
  unpriced: number;
}

export function ourBuckets(store: Store, q: OurQuery): OurBucket[] {
  // One text for SQLite and PostgreSQL (no SQLite total()); integer division of integers on both.
  const sql = `SELECT model, CAST(started_at / @w AS BIGINT) AS b, count(*) AS calls,
      coalesce(sum(input_tokens), 0) AS input, coalesce(sum(output_tokens), 0) AS output,
      coalesce(sum(cache_creation_input_tokens), 0) AS cache_write, coalesce(sum(cache_read_input_tokens), 0) AS cache_read,
      coalesce(sum(cost_usd), 0) AS cost, coalesce(sum(unpriced), 0) AS unpriced
    FROM results
    WHERE started_at >= @since AND started_at < @until AND usage IS NOT NULL ${q.target !== undefined ? 'AND target = @target' : ''}
    GROUP BY model, b`;
  const rows = store.db.prepare(sql).all({ w: q.bucketMs, since: q.since, until: q.until, ...(q.target !== undefined ? { target: q.target } : {}) }) as Row[];
  return rows.map((r) => ({
    model: r.model,
    bucket: r.b * q.bucketMs,
    calls: r.calls,
    tokens: { input: r.input, output: r.output, cache_write: r.cache_write, cache_read: r.cache_read },
    cost_usd: r.cost,
    unpriced_calls: r.unpriced,
  }));
}
