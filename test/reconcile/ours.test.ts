/** Our side of a reconciliation, summed in SQL per model and UTC bucket, on both store backends. */
import { afterEach, beforeEach, expect, it } from 'vitest';
import { ourBuckets } from '../../src/reconcile/ours.ts';
import { openStore, type Store } from '../../src/store/index.ts';
import { forEachBackend } from '../store/backends.ts';
import { result } from '../store/fixtures/results.ts';

const HOUR = 3_600_000;
const T = Date.UTC(2026, 10, 1);
let store: Store;

forEachBackend((backend) => {
  beforeEach(async () => {
    store = openStore(await backend.fresh());
  });
  afterEach(() => store.close());

  it('sums calls with usage per model and hour bucket, skipping calls without usage and other targets', () => {
    const usage = (input: number) => ({ ...result().usage!, input_tokens: input, output_tokens: 10, cache_read_input_tokens: 5 });
    store.insertResults([
      result({ run_id: 'a', started_at: T + 10, usage: usage(100), cost_usd: 0.25, target: 'anthropic' }),
      result({ run_id: 'b', started_at: T + HOUR - 1, usage: usage(50), cost_usd: 0.5, target: 'anthropic' }),
      result({ run_id: 'c', started_at: T + HOUR, usage: usage(7), cost_usd: null, unpriced: true, target: 'anthropic' }),
      result({ run_id: 'd', started_at: T + 20, usage: null, cost_usd: null, target: 'anthropic' }),
      result({ run_id: 'e', started_at: T + 30, usage: usage(1000), cost_usd: 9, target: 'sim' }),
    ]);
    const rows = ourBuckets(store, { since: T, until: T + 2 * HOUR, bucketMs: HOUR, target: 'anthropic' }).sort((x, y) => x.bucket - y.bucket);
    expect(rows.map((r) => [r.model, r.bucket, r.calls, r.tokens, r.cost_usd])).toEqual([
      ['claude-haiku-4-5', T, 2, { input: 150, output: 20, cache_write: 0, cache_read: 10 }, 0.75],
      ['claude-haiku-4-5', T + HOUR, 1, { input: 7, output: 10, cache_write: 0, cache_read: 5 }, 0],
    ]);
  });
});
