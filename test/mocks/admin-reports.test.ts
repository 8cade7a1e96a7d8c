import { afterEach, expect, test } from 'vitest';
import { apiKeyId } from '../../mocks/core/billing.ts';
import { createSimulator, NO_LATENCY } from '../../mocks/core/simulator.ts';
import { startHttpSimulator, type HttpSimulator } from '../../mocks/http/server.ts';
import type { Clock } from '../../src/shared/clock.ts';

const DAY = 86_400_000;
const START = Date.UTC(2026, 10, 1, 12);
const USAGE = '/v1/organizations/usage_report/messages';
const COST = '/v1/organizations/cost_report';

function clockAt(t: number): Clock & { t: number } {
  const c = { t, now: () => c.t, sleep: async () => {} };
  return c;
}

const ask = (sim: ReturnType<typeof createSimulator>, model: string, key: string, text = 'Say hi') =>
  sim.handle({ method: 'POST', path: '/v1/messages', headers: { 'x-api-key': key, 'anthropic-version': '2023-06-01' }, body: JSON.stringify({ model, max_tokens: 40, messages: [{ role: 'user', content: text }] }) });

const report = (sim: ReturnType<typeof createSimulator>, path: string, query: string, key = 'sk-ant-admin01-test') => {
  const r = sim.handle({ method: 'GET', path, query, headers: { 'x-api-key': key }, body: '' });
  if (r.type !== 'json') throw new Error('expected json');
  return { status: r.status, body: JSON.parse(r.body) };
};

let http: HttpSimulator | undefined;
afterEach(async () => {
  await http?.close();
  http = undefined;
});

test('over HTTP: no key is a 401, an ordinary API key a 403, an admin key a 200; reports are not billed or journaled', async () => {
  http = await startHttpSimulator({ latency: NO_LATENCY });
  const get = (headers: Record<string, string>) => fetch(`${http!.url}${USAGE}?starting_at=2026-11-01T00:00:00Z`, { headers });
  const none = await get({});
  expect(none.status).toBe(401);
  expect((await none.json()).error.type).toBe('authentication_error');
  const api = await get({ 'x-api-key': 'sk-ant-api03-abc' });
  expect(api.status).toBe(403);
  expect((await api.json()).error.type).toBe('permission_error');
  expect((await get({ 'x-api-key': 'sk-ant-admin01-abc' })).status).toBe(200);
  expect(http.sim.log).toHaveLength(0);
});

test('every 200 is billed by model and hashed API key; tokens and cost match what was served; errors are not billed', () => {
  const clock = clockAt(START);
  const sim = createSimulator({ clock, latency: NO_LATENCY, plan: { faults: [{ kind: 'overloaded', match: { model: 'claude-sonnet-4-6' } }] } });
  const served = [ask(sim, 'claude-haiku-4-5', 'sk-ant-api03-one'), ask(sim, 'claude-haiku-4-5', 'sk-ant-api03-two', 'Say more')];
  const refused = ask(sim, 'claude-sonnet-4-6', 'sk-ant-api03-one');
  expect(refused.type === 'json' && refused.status).toBe(529);
  const usages = served.map((r) => (r.type === 'json' ? JSON.parse(r.body).usage : null));
  const u = report(sim, USAGE, 'starting_at=2026-11-01T00:00:00Z&group_by[]=model&group_by[]=api_key_id');
  expect(u.status).toBe(200);
  expect(u.body.data).toHaveLength(1);
  const results = u.body.data[0].results;
  expect(results).toHaveLength(2);
  const one = results.find((r: { api_key_id: string }) => r.api_key_id === apiKeyId('sk-ant-api03-one'));
  expect(one).toMatchObject({ model: 'claude-haiku-4-5-20251001', uncached_input_tokens: usages[0].input_tokens, output_tokens: usages[0].output_tokens, service_tier: null, workspace_id: null });
  expect(JSON.stringify(u.body)).not.toContain('sk-ant-api03');
  // One key only.
  const filtered = report(sim, USAGE, `starting_at=2026-11-01T00:00:00Z&api_key_ids[]=${apiKeyId('sk-ant-api03-two')}`);
  expect(filtered.body.data[0].results).toEqual([expect.objectContaining({ output_tokens: usages[1].output_tokens, api_key_id: null })]);
  // Cost in cents: haiku 4.5 at $1 in / $5 out per million tokens.
  const c = report(sim, COST, 'starting_at=2026-11-01T00:00:00Z');
  const cents = (usages[0].input_tokens + usages[1].input_tokens) * 1e-4 + (usages[0].output_tokens + usages[1].output_tokens) * 5e-4;
  expect(Number(c.body.data[0].results[0].amount)).toBeCloseTo(cents, 6);
  expect(c.body.data[0].results[0].currency).toBe('USD');
});

test('pagination: limit buckets per page, next_page continues where the page ended, has_more false on the last', () => {
  const clock = clockAt(START);
  const sim = createSimulator({ clock, latency: NO_LATENCY });
  for (let d = 0; d < 10; d++) {
    clock.t = START + d * DAY;
    ask(sim, 'claude-haiku-4-5', 'sk-ant-api03-one');
  }
  const q = 'starting_at=2026-11-01T00:00:00Z&ending_at=2026-11-11T00:00:00Z&limit=4&group_by[]=model';
  const seen: string[] = [];
  let page = report(sim, USAGE, q);
  for (let n = 0; n < 5 && page.body; n++) {
    seen.push(...page.body.data.map((b: { starting_at: string; results: unknown[] }) => `${b.starting_at.slice(0, 10)}:${b.results.length}`));
    if (!page.body.has_more) break;
    expect(page.body.next_page).toMatch(/^page_/);
    page = report(sim, USAGE, `${q}&page=${encodeURIComponent(page.body.next_page)}`);
  }
  expect(seen).toEqual(Array.from({ length: 10 }, (_, d) => `2026-11-${String(d + 1).padStart(2, '0')}:1`));
  expect(report(sim, USAGE, 'starting_at=2026-11-01T00:00:00Z&bucket_width=1d&limit=32').status).toBe(400);
  expect(report(sim, COST, 'starting_at=2026-11-01T00:00:00Z&bucket_width=1h').status).toBe(400);
  expect(report(sim, USAGE, 'bucket_width=1d').body.error.message).toContain('starting_at');
});

test('billing skews: a price change from a date, a charge that is not tokens, a model left out of the bill', () => {
  const clock = clockAt(START);
  const sim = createSimulator({ clock, latency: NO_LATENCY });
  ask(sim, 'claude-haiku-4-5', 'sk-ant-api03-one');
  clock.t = START + DAY;
  ask(sim, 'claude-haiku-4-5', 'sk-ant-api03-one');
  ask(sim, 'claude-sonnet-4-6', 'sk-ant-api03-one');
  const before = report(sim, COST, 'starting_at=2026-11-01T00:00:00Z&limit=2&group_by[]=description').body.data;
  sim.setPlan({
    faults: [],
    billing: {
      price_changes: [{ model: 'claude-haiku-4-5', from: '2026-11-02', output: 50 }],
      extra_charges: [{ date: '2026-11-02', amount_usd: 1.5, cost_type: 'web_search' }],
      missing_models: ['claude-sonnet-4-6'],
    },
  });
  const after = report(sim, COST, 'starting_at=2026-11-01T00:00:00Z&limit=2&group_by[]=description').body.data;
  const line = (day: { results: Array<{ token_type: string | null; model: string | null; amount: string; cost_type: string }> }, model: string, t: string) => day.results.find((r) => r.model === model && r.token_type === t)?.amount;
  // Day 1 unchanged; day 2 output tokens at 10x.
  expect(line(after[0], 'claude-haiku-4-5-20251001', 'output_tokens')).toBe(line(before[0], 'claude-haiku-4-5-20251001', 'output_tokens'));
  expect(Number(line(after[1], 'claude-haiku-4-5-20251001', 'output_tokens'))).toBeCloseTo(Number(line(before[1], 'claude-haiku-4-5-20251001', 'output_tokens')) * 10, 6);
  expect(after[1].results.find((r: { cost_type: string }) => r.cost_type === 'web_search')).toMatchObject({ amount: '150', model: null });
  expect(after[1].results.some((r: { model: string | null }) => r.model === 'claude-sonnet-4-6')).toBe(false);
  expect(before[1].results.some((r: { model: string | null }) => r.model === 'claude-sonnet-4-6')).toBe(true);
});
