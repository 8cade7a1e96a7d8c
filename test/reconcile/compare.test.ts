import { expect, test } from 'vitest';
import { reconcile, summarise, type BilledCost, type BilledUsage, type OurBucket } from '../../src/reconcile/compare.ts';

const DAY = 86_400_000;
const D1 = Date.UTC(2026, 10, 1);
const t = (input: number, output: number, cache_write = 0, cache_read = 0) => ({ input, output, cache_write, cache_read });
const ours = (model: string, bucket: number, tokens = t(1000, 500), cost = 0.0035, unpriced = 0): OurBucket => ({ model, bucket, calls: 10, tokens, cost_usd: cost, unpriced_calls: unpriced });
const usage = (model: string, bucket: number, tokens = t(1000, 500), service_tier = 'standard'): BilledUsage => ({ model, bucket, service_tier, tokens });
const cost = (model: string | null, day: number, usd = 0.0035, cost_type = 'tokens'): BilledCost => ({ model, day, usd, cost_type });
const run = (o: OurBucket[], u: BilledUsage[], c: BilledCost[]) => reconcile(o, u, c, { bucketMs: DAY, resolveModel: (m) => (m === 'haiku' ? 'haiku-id' : m) });

test('equal tokens and cost agree; an alias on our side meets the id on the bill', () => {
  const rows = run([ours('haiku', D1)], [usage('haiku-id', D1)], [cost('haiku-id', D1, 0.0035000001)]);
  expect(rows).toHaveLength(1);
  expect(rows[0]).toMatchObject({ model: 'haiku-id', cause: 'agree', over_threshold: false });
  expect(summarise(rows).over_threshold).toBe(0);
});

test('same tokens, higher billed cost past 2% and $0.01: price changed, over the threshold', () => {
  const [r] = run([ours('m', D1, t(1000, 500), 0.5)], [usage('m', D1)], [cost('m', D1, 0.6)]);
  expect(r).toMatchObject({ cause: 'price_changed', over_threshold: true });
  expect(r!.diff_usd).toBeCloseTo(0.1, 9);
});

test('a cost difference under $0.01 or under 2% is agreement', () => {
  expect(run([ours('m', D1, t(1000, 500), 0.001)], [usage('m', D1)], [cost('m', D1, 0.005)])[0]!.cause).toBe('agree');
  expect(run([ours('m', D1, t(1000, 500), 10)], [usage('m', D1)], [cost('m', D1, 10.15)])[0]!.cause).toBe('agree');
});

test('billed tokens above ours: calls missing from our records; ours above billed: missing from the bill', () => {
  expect(run([ours('m', D1, t(1000, 500))], [usage('m', D1, t(1200, 600))], [])[0]).toMatchObject({ cause: 'calls_missing_from_records', over_threshold: true });
  expect(run([ours('m', D1, t(1000, 500))], [usage('m', D1, t(800, 400))], [])[0]).toMatchObject({ cause: 'missing_from_bill', over_threshold: true });
  expect(run([], [usage('m', D1)], [cost('m', D1)])[0]).toMatchObject({ cause: 'calls_missing_from_records', calls: 0 });
  expect(run([ours('m', D1)], [], [])[0]).toMatchObject({ cause: 'missing_from_bill' });
});

test('unpriced on our side: model unpriced (cost unknown, not $0); a priority tier: tier not modelled; a web search charge: unmodelled charge', () => {
  expect(run([ours('m', D1, t(1000, 500), 0, 10)], [usage('m', D1)], [cost('m', D1)])[0]).toMatchObject({ cause: 'model_unpriced', our_cost_usd: null, over_threshold: true });
  expect(run([ours('m', D1)], [usage('m', D1, t(1000, 500), 'priority')], [cost('m', D1)])[0]).toMatchObject({ cause: 'tier_not_modelled', over_threshold: true });
  const rows = run([ours('m', D1)], [usage('m', D1)], [cost('m', D1), cost(null, D1, 1.5, 'web_search')]);
  expect(rows.map((r) => [r.model, r.cause])).toEqual([['(non-token)', 'unmodelled_charge'], ['m', 'agree']]);
  expect(rows[0]).toMatchObject({ diff_usd: 1.5, over_threshold: true });
});

test('per model and day: a change on day 2 flags day 2 only; hourly buckets compare tokens without cost', () => {
  const rows = run([ours('m', D1), ours('m', D1 + DAY, t(1000, 500), 0.5)], [usage('m', D1), usage('m', D1 + DAY)], [cost('m', D1), cost('m', D1 + DAY, 0.9)]);
  expect(rows.map((r) => r.cause)).toEqual(['agree', 'price_changed']);
  const hourly = reconcile([ours('m', D1)], [usage('m', D1)], [cost('m', D1, 5)], { bucketMs: 3_600_000 });
  expect(hourly[0]).toMatchObject({ cause: 'agree', billed_cost_usd: null });
});
