/**
 * "Billed vs computed" on the dashboard: real runner, client and in-process simulator (MSW) on a
 * virtual clock, real SQLite; the reconciliation reads the simulator's Admin API reports through
 * the same interception.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { NO_LATENCY, startInProcessSimulator } from '../../mocks/index.ts';
import { createClient } from '../../src/client/index.ts';
import { ProbeSchema } from '../../src/probes/index.ts';
import { createRunner } from '../../src/probes/runner.ts';
import { runReconciliation } from '../../src/reconcile/run.ts';
import { renderDashboard } from '../../src/report/dashboard/index.ts';
import { VirtualClock } from '../../src/shared/clock.ts';
import { openStore } from '../../src/store/index.ts';

const T0 = Date.UTC(2026, 10, 3, 8, 0);
const MIN = 60_000;
const clock = new VirtualClock(T0);
const sim = startInProcessSimulator({ clock, latency: NO_LATENCY });
const store = openStore(join(mkdtempSync(join(tmpdir(), 'canary-dash-billed-')), 'c.db'));
afterAll(() => {
  sim.close();
  store.close();
});

const sectionOf = (page: string, title: string) => {
  const at = page.indexOf(`<h2>${title}</h2>`);
  return at < 0 ? '' : page.slice(at, page.indexOf('</section>', at));
};
const probe = ProbeSchema.parse({ id: 'bill', description: 'x', model: 'claude-haiku-4-5', prompt: 'Describe an invoice.', max_tokens: 200 });
const reconcileNow = () =>
  runReconciliation(store, { baseURL: 'https://api.anthropic.com', adminKey: 'sk-ant-admin01-test', source: 'sim', target: 'sim', since: T0 - 86_400_000, until: clock.now(), bucket: '1d', thresholds: { pct: 2, usd: 0.01 }, now: clock.now(), fetch: sim.fetch });

test('no section before any reconciliation; agreement after one; a price change on the day shows that model and day as "price changed"', async () => {
  const client = createClient({ apiKey: 'sk-ant-api03-test', fetch: sim.fetch, clock, circuitBreaker: false });
  const runner = createRunner({ client, clock, store, target: 'sim', runner_id: 'r1', region: 'eu' });
  for (let i = 0; i < 3; i++) {
    await runner.run(probe, 'claude-haiku-4-5');
    clock.advance(5 * MIN);
  }
  const render = () => renderDashboard(store, { now: clock.now(), windowMs: 86_400_000 });
  expect(sectionOf(render(), 'Billed vs computed')).toBe('');

  const agreed = await reconcileNow();
  expect(agreed.record.outcome).toBe('agree');
  expect(agreed.rows).toEqual([expect.objectContaining({ model: 'claude-haiku-4-5-20251001', calls: 3, cause: 'agree' })]);
  expect(sectionOf(render(), 'Billed vs computed')).toContain('agrees');

  sim.sim.setPlan({ faults: [], billing: { price_changes: [{ model: 'claude-haiku-4-5', from: '2026-11-03', output: 5_000 }] } });
  const drifted = await reconcileNow();
  expect(drifted.record.outcome).toBe('drift');
  const s = sectionOf(render(), 'Billed vs computed');
  expect(s).toContain('1 differ');
  expect(s).toContain('2026-11-03');
  expect(s).toContain('claude-haiku-4-5-20251001');
  expect(s).toMatch(/badge fail[^>]*>price changed/);
});
