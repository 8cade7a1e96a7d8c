/**
 * The repro: 4 of 4 runs of a probe fail their assertions while the API answers every
 * call. Real runner, client and in-process simulator, real SQLite; then the dashboard, the default
 * alert rules and the source of each result.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { NO_LATENCY, startInProcessSimulator } from '../../mocks/index.ts';
import { createAlertEngine, resolveAlertRules } from '../../src/alerts/index.ts';
import { createClient } from '../../src/client/index.ts';
import { ProbeSchema } from '../../src/probes/index.ts';
import { createRunner } from '../../src/probes/runner.ts';
import { renderDashboard } from '../../src/report/dashboard/index.ts';
import { VirtualClock } from '../../src/shared/clock.ts';
import type { ProbeResult } from '../../src/shared/types.ts';
import { openStore } from '../../src/store/index.ts';

const T0 = Date.UTC(2026, 10, 3, 8, 0);
const MIN = 60_000;
const clock = new VirtualClock(T0);
const sim = startInProcessSimulator({ clock, latency: NO_LATENCY });
const store = openStore(join(mkdtempSync(join(tmpdir(), 'canary-dash-fail-')), 'c.db'));
afterAll(() => {
  sim.close();
  store.close();
});

const probe = ProbeSchema.parse({
  id: 'checkout',
  description: 'the answer must name the product',
  model: 'claude-haiku-4-5',
  prompt: 'Describe a healthy service.',
  max_tokens: 300,
  expectations: { assertions: [{ kind: 'contains', value: 'pineapple' }] },
});

/** Section `title` of the page, up to the next section. */
const sectionOf = (page: string, title: string) => {
  const at = page.indexOf(`<h2>${title}</h2>`);
  return at < 0 ? '' : page.slice(at, page.indexOf('</section>', at));
};
const tileOf = (page: string, label: string) => {
  const at = page.indexOf(`<div class="label">${label}</div>`);
  return at < 0 ? '' : page.slice(at, page.indexOf('</div></div>', at));
};

describe('a probe whose assertions fail', async () => {
  const client = createClient({ apiKey: 'sk-ant-test', fetch: sim.fetch, clock, circuitBreaker: false });
  const simRunner = createRunner({ client, clock, store, target: 'sim', runner_id: 'r1', region: 'eu' });
  const results: ProbeResult[] = [];
  for (let i = 0; i < 4; i++) {
    results.push((await simRunner.run(probe, 'claude-haiku-4-5')).result);
    clock.advance(5 * MIN);
  }
  // The same store also holds a run against the real API (another runner), with its request id.
  const real = { ...results[0]!, run_id: 'real-1', probe_id: 'healthy', target: 'anthropic', outcome: 'pass' as const, assertions: [], error_message: null, request_id: 'req_011CREALAPI', latency_ms: 99_000, started_at: T0 + 2 * MIN };
  store.insertResult(real);
  const page = renderDashboard(store, { now: T0 + 30 * MIN, windowMs: 86_400_000 });

  it('are stored as fail with the failed assertion, expected against actual, and no API error', () => {
    expect(results.map((r) => r.outcome)).toEqual(['fail', 'fail', 'fail', 'fail']);
    expect(results.every((r) => r.error_kind === null)).toBe(true);
    expect(results[0]!.assertions[0]).toMatchObject({ name: 'contains "pineapple"', pass: false });
  });

  it('count against availability, get their own tile and their reasons on the dashboard', () => {
    // 4 failed + 1 pass of 5 runs: availability 20%, not 100%.
    expect(tileOf(page, 'Availability')).toContain('20%');
    expect(tileOf(page, 'Availability')).toContain('1 of 5 runs passed');
    expect(tileOf(page, 'Probe failures')).toContain('80%');
    expect(tileOf(page, 'Error rate')).toContain('0%');
    const failures = sectionOf(page, 'Probe failures');
    expect(failures).toContain('checkout');
    expect(failures).toContain('4 of 4');
    expect(failures).toContain('assertion contains &quot;pineapple&quot;');
    expect(failures).toMatch(/expected text to contain &quot;pineapple&quot;, got &quot;/);
  });

  it('fire probe_failure with the default rules (and nothing else)', () => {
    const engine = createAlertEngine({ store, rules: resolveAlertRules(), clock });
    const fired = engine.evaluate(T0 + 20 * MIN).filter((t) => t.to === 'firing');
    expect(fired.map((t) => [t.rule_id, t.labels])).toEqual([['probe_failure', { probe_id: 'checkout', model: 'claude-haiku-4-5' }]]);
  });

  it('say where every result came from, and never offer a simulated request id to Anthropic support', () => {
    expect(tileOf(page, 'Results from')).toContain('mixed');
    expect(tileOf(page, 'Results from')).toContain('4 simulator');
    expect(tileOf(page, 'Results from')).toContain('1 real API');
    const runs = sectionOf(page, 'Slowest and most expensive runs');
    expect(runs).toContain('req_011CREALAPI');
    for (const r of results) expect(runs).not.toContain(r.request_id!);
    expect(runs).toContain('<span class="badge warn source">simulator</span>');
    expect(page).toMatch(/<code>claude-haiku-4-5<\/code> <span class="badge warn source">simulator<\/span>/);
  });
});
