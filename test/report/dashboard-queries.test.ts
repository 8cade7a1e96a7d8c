/**
 * Dashboard data against hand-computed values on tiny real SQLite stores: the "what if" table
 * and caching savings (catalogue prices: haiku-4-5 $1/$5, sonnet-4-6 $3/$15, opus-4-8 $5/$25 per
 * MTok; cache writes 1.25x (5 min) or 2x (1 h) input, reads 0.1x), percentiles per series, the
 * window, hourly buckets, and a store without alert tables.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cachingSavings, queryDashboard, renderDashboard, resolveWindow, whatIf } from '../../src/report/dashboard/index.ts';
import type { ProbeResult, Usage } from '../../src/shared/types.ts';
import { MIGRATIONS, openStore, type Store } from '../../src/store/index.ts';
import { DAY, HOUR, NOW, seedResults } from './dashboard-seed.ts';

const stores: Store[] = [];
afterEach(() => {
  for (const s of stores.splice(0)) s.close();
});
function store(results: readonly ProbeResult[], migrations = MIGRATIONS): Store {
  const s = openStore(join(mkdtempSync(join(tmpdir(), 'canary-dash-q-')), 'c.db'), { migrations });
  s.insertResults(results);
  stores.push(s);
  return s;
}

function result(over: Partial<ProbeResult> & { usage: Usage | null }): ProbeResult {
  return {
    run_id: `r-${Math.random()}`, probe_id: 'p', model: 'claude-haiku-4-5', target: 'sim', runner_id: 't', region: 'local',
    started_at: NOW - DAY, finished_at: NOW - DAY + 500, outcome: 'pass', error_kind: null, error_message: null, attempts: 1,
    latency_ms: 500, ttft_ms: null, cost_usd: null, unpriced: false, stop_reason: 'end_turn', request_id: null,
    context_utilisation: 0.01, flags: [], assertions: [], output_sha256: null, output_preview: null, ...over,
  };
}
const u = (input: number, output: number, w5m: number, w1h: number, read: number): Usage => ({
  input_tokens: input, output_tokens: output, cache_creation_input_tokens: w5m + w1h, cache_read_input_tokens: read, cache_write_5m_tokens: w5m, cache_write_1h_tokens: w1h,
});

// Haiku: 1000 in, 500 out, 400 5-minute writes, 2000 reads = 0.001 + 0.0025 + 0.0005 + 0.0002 = $0.0042.
// Sonnet: 100 in, 1000 1-hour writes = 0.0003 + 0.006 = $0.0063. An error with no usage costs nothing.
const tiny = () => [
  result({ model: 'claude-haiku-4-5', usage: u(1000, 500, 400, 0, 2000), cost_usd: 0.0042 }),
  result({ model: 'claude-sonnet-4-6', usage: u(100, 0, 0, 1000, 0), cost_usd: 0.0063, started_at: NOW - 2 * DAY }),
  result({ model: 'claude-haiku-4-5', usage: null, outcome: 'error', error_kind: 'overloaded', latency_ms: 2000 }),
];

describe('what if and caching savings', () => {
  it('prices the observed token mix on every model, against hand-computed figures', () => {
    const d = queryDashboard(store(tiny()), resolveWindow({ now: NOW }));
    const w = whatIf(d.tokenMix);
    expect(w.paid).toBeCloseTo(0.0105, 12);
    expect(w.runs).toBe(3);
    const cost = (id: string) => w.rows.find((r) => r.model.id === id)!.cost!;
    // Haiku: 0.0042 + (100 x $1 + 1000 x $2 per MTok = 0.0021).
    expect(cost('claude-haiku-4-5-20251001')).toBeCloseTo(0.0063, 12);
    // Sonnet 4.6: (0.003 + 0.0075 + 0.0015 + 0.0006 = 0.0126) + 0.0063.
    expect(cost('claude-sonnet-4-6')).toBeCloseTo(0.0189, 12);
    // Opus 4.8: (0.005 + 0.0125 + 0.0025 + 0.001 = 0.021) + (0.0005 + 0.01).
    expect(cost('claude-opus-4-8')).toBeCloseTo(0.0315, 12);
    expect(w.rows.find((r) => r.model.id === 'claude-sonnet-4-6')!.change).toBeCloseTo(0.0189 / 0.0105 - 1, 12);
    expect(w.rows.some((r) => r.model.status === 'retired')).toBe(false);
    expect(w.rows[0]!.cost).toBeLessThanOrEqual(w.rows[w.rows.length - 1]!.cost!);
  });

  it('computes what caching saved: reads at the full input rate minus what was paid, and the write premium', () => {
    const d = queryDashboard(store(tiny()), resolveWindow({ now: NOW }));
    const s = cachingSavings(d.tokenMix);
    const haiku = s.rows.find((r) => r.model === 'claude-haiku-4-5')!;
    expect(haiku.saved).toBeCloseTo(2000 * (1e-6 - 0.1e-6), 12); // $0.0018
    expect(haiku.writePremium).toBeCloseTo(400 * 0.25e-6, 12); // $0.0001
    const sonnet = s.rows.find((r) => r.model === 'claude-sonnet-4-6')!;
    expect(sonnet.saved).toBe(0);
    expect(sonnet.writePremium).toBeCloseTo(1000 * 3e-6, 12); // 1-hour writes: 2x - 1x
    expect(s.total.saved).toBeCloseTo(0.0018, 12);
    expect(s.total.net).toBeCloseTo(0.0018 - 0.0031, 12);
    expect(s.unpricedModels).toEqual([]);
  });

  it('lists a model with no known price as unpriced instead of $0', () => {
    const d = queryDashboard(store([result({ model: 'claude-unknown-9', usage: u(10, 10, 0, 0, 10), cost_usd: null, unpriced: true })]), resolveWindow({ now: NOW }));
    expect(cachingSavings(d.tokenMix).unpricedModels).toEqual(['claude-unknown-9']);
    expect(d.summary.unpriced).toBe(1);
  });

  it('renders the hand-computed figures on the page', () => {
    const page = renderDashboard(store(tiny()), { now: NOW });
    for (const figure of ['$0.0105', '$0.0189', '$0.0315', '$0.00180', '$0.00310', '−$0.00130', '+80%']) expect(page).toContain(figure);
  });
});

describe('dashboard queries', () => {
  it('computes exact linear-interpolated percentiles per series and ignores results outside the window', () => {
    const all = seedResults();
    const d = queryDashboard(store(all), resolveWindow({ now: NOW, windowMs: 7 * DAY }));
    const lat = all
      .filter((r) => r.probe_id === 'chat-basic' && r.model === 'claude-sonnet-4-6' && r.started_at >= NOW - 7 * DAY)
      .map((r) => r.latency_ms!)
      .sort((a, b) => a - b);
    const pct = (q: number) => {
      const pos = (lat.length - 1) * q;
      const lo = Math.floor(pos);
      return lat[lo]! + (lat[Math.min(lo + 1, lat.length - 1)]! - lat[lo]!) * (pos - lo);
    };
    const s = d.bySeries.find((x) => x.probe_id === 'chat-basic' && x.model === 'claude-sonnet-4-6')!;
    expect(s.runs).toBe(72);
    expect(s.p50).toBeCloseTo(pct(0.5), 9);
    expect(s.p95).toBeCloseTo(pct(0.95), 9);
    expect(s.p99).toBeCloseTo(pct(0.99), 9);
    expect(d.summary.runs).toBe(432);
  });

  it('buckets by hour for a 24-hour window and by day for a week', () => {
    const all = seedResults();
    const s = store(all);
    const hourly = queryDashboard(s, resolveWindow({ now: NOW, windowMs: DAY }));
    expect(hourly.window.bucket).toBe('hour');
    expect(new Set(hourly.bySeriesBucket.map((b) => b.t)).size).toBe(12); // one run every 2 hours
    expect(hourly.bySeriesBucket.every((b) => b.t! % HOUR === 0)).toBe(true);
    const daily = queryDashboard(s, resolveWindow({ now: NOW }));
    expect(daily.window.bucket).toBe('day');
    expect(daily.bySeriesBucket.every((b) => b.t! % DAY === 0)).toBe(true);
    // Error counts per bucket add up to the window's errors.
    expect(daily.errorsByBucket.reduce((a, p) => a + p.n, 0)).toBe(daily.summary.errors);
  });

  it('counts each quality flag and error kind as the seeded results hold them (a run with two flags counts for both)', () => {
    const all = seedResults();
    const d = queryDashboard(store(all), resolveWindow({ now: NOW }));
    const rows = all.filter((r) => r.started_at >= NOW - 7 * DAY);
    const total = (points: readonly { key: string; n: number }[], key: string) => points.filter((p) => p.key === key).reduce((a, p) => a + p.n, 0);
    for (const flag of ['too_short', 'refusal'] as const) {
      expect(total(d.flagsByBucket, flag)).toBe(rows.filter((r) => r.flags.includes(flag)).length);
    }
    expect(rows.some((r) => r.flags.length === 2)).toBe(true);
    for (const kind of ['rate_limited', 'overloaded', 'timeout']) {
      expect(d.errorKinds.find((e) => e.error_kind === kind)?.n).toBe(rows.filter((r) => r.error_kind === kind).length);
    }
  });

  it('says "no alert data" for a store without alert tables, and "no results" for an empty window', () => {
    const page = renderDashboard(store(tiny(), MIGRATIONS.slice(0, 1)), { now: NOW });
    expect(page).toContain('No alert data');
    const empty = renderDashboard(store([]), { now: NOW });
    expect(empty).toContain('No results');
    expect(empty).toContain('Content-Security-Policy');
  });
});
