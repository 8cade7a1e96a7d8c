import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore, percentileQuery, type Store } from '../../src/store/index.ts';
import { MIGRATIONS } from '../../src/store/migrations.ts';
import { INCREMENTAL_SPEND_SQL } from '../../src/store/spend.ts';
import { PG_CHUNK_ROWS } from '../../src/store/pg/batch-insert.ts';
import { forEachBackend } from './backends.ts';
import { result } from './fixtures/results.ts';

let location: string;
let store: Store;

forEachBackend((backend) => {
  beforeEach(async () => {
    location = await backend.fresh();
    store = openStore(location);
  });
  afterEach(() => store.close());

  describe('store results', () => {
    it('round-trips a result exactly', () => {
      const r = result({
        flags: ['too_short', 'refusal'],
        assertions: [{ name: 'contains "OK"', pass: false, reason: 'expected text to contain "OK", got ""' }],
        error_kind: 'rate_limited',
        unpriced: true,
        cost_usd: null,
        ttft_ms: null,
      });
      expect(store.insertResult(r)).toBe(true);
      expect(store.queryResults({ since: 0 })).toEqual([r]);
    });

    it('round-trips text with tabs, newlines, backslashes and a literal \\N through a batch insert', () => {
      const odd = 'tab\there\nnew line\r\nback\\slash \\N \\t end\\';
      const rs = [
        result({ run_id: 'odd\t1', error_message: odd, output_preview: '\\N', stop_reason: '' }),
        result({ run_id: 'odd2', error_message: null, output_preview: 'é ✓ 😀', cost_usd: 0.1 + 0.2, latency_ms: 1e-7 }),
      ];
      expect(store.insertResults(rs)).toBe(2);
      const back = store.queryResults({ since: 0 });
      expect(back.sort((a, b) => a.run_id.localeCompare(b.run_id))).toEqual(rs.sort((a, b) => a.run_id.localeCompare(b.run_id)));
    });

    it('keeps a result without usage', () => {
      const r = result({ usage: null, outcome: 'error', latency_ms: null });
      store.insertResult(r);
      expect(store.queryResults({ since: 0 })[0]).toEqual(r);
    });

    it('ignores a duplicate run_id, in a batch and across a reopen', () => {
      expect(store.insertResults([result({ run_id: 'a' }), result({ run_id: 'b' }), result({ run_id: 'a', latency_ms: 1 })])).toBe(2);
      store.close();
      store = openStore(location);
      expect(store.insertResult(result({ run_id: 'b' }))).toBe(false);
      expect(store.insertResults([result({ run_id: 'b' }), result({ run_id: 'c' })])).toBe(1);
      const rows = store.queryResults({ since: 0 });
      expect(rows.map((r) => r.run_id).sort()).toEqual(['a', 'b', 'c']);
      expect(rows.find((r) => r.run_id === 'a')!.latency_ms).toBe(900);
    });

    it('stores a batch larger than one COPY chunk, and one with a duplicate run_id in a later chunk', () => {
      const many = Array.from({ length: PG_CHUNK_ROWS * 2 + 7 }, (_, i) => result({ run_id: `m${i}`, started_at: 1000 + i, latency_ms: i }));
      expect(store.insertResults(many)).toBe(many.length);
      const again = [...Array.from({ length: PG_CHUNK_ROWS + 3 }, (_, i) => result({ run_id: `n${i}`, started_at: 5000 + i })), many[many.length - 1]!];
      expect(store.insertResults(again)).toBe(again.length - 1);
      const back = store.queryResults({ since: 0 });
      expect(back).toHaveLength(many.length + again.length - 1);
      expect(back.find((r) => r.run_id === `m${PG_CHUNK_ROWS + 1}`)).toEqual(many[PG_CHUNK_ROWS + 1]);
    });

    it('rolls back a batch whose rows cannot be written, and stays usable', () => {
      // The bad row is in the second chunk: the first has been sent by the time it throws.
      const bad = [...Array.from({ length: PG_CHUNK_ROWS + 1 }, (_, i) => result({ run_id: `ok${i}` })), { ...result({ run_id: 'bad' }), flags: null as unknown as [] }];
      expect(() => store.insertResults(bad)).toThrow();
      expect(store.insertResults([result({ run_id: 'after' })])).toBe(1);
      expect(store.queryResults({ since: 0 }).map((r) => r.run_id)).toEqual(['after']);
    });

    it('filters by window, probe and model, oldest first', () => {
      store.insertResults([
        result({ run_id: '1', started_at: 100 }),
        result({ run_id: '2', started_at: 200, probe_id: 'json' }),
        result({ run_id: '3', started_at: 300, model: 'claude-sonnet-4-6' }),
        result({ run_id: '4', started_at: 50 }),
      ]);
      const ids = (q: Parameters<Store['queryResults']>[0]) => store.queryResults(q).map((r) => r.run_id);
      expect(ids({ since: 0 })).toEqual(['4', '1', '2', '3']);
      expect(ids({ since: 100, until: 300 })).toEqual(['1', '2']);
      expect(ids({ since: 0, probeId: 'smoke' })).toEqual(['4', '1', '3']);
      expect(ids({ since: 0, probeId: 'smoke', model: 'claude-sonnet-4-6' })).toEqual(['3']);
      expect(ids({ since: 0, limit: 2 })).toEqual(['4', '1']);
    });

    it('sums spend since a time, counting unpriced results as zero', () => {
      store.insertResults([
        result({ run_id: '1', started_at: 100, cost_usd: 0.25 }),
        result({ run_id: '2', started_at: 200, cost_usd: 0.5 }),
        result({ run_id: '3', started_at: 300, cost_usd: null, unpriced: true }),
      ]);
      expect(store.spendSince(150)).toBe(0.5);
      expect(store.spendSince(0)).toBe(0.75);
      expect(store.spendSince(1000)).toBe(0);
    });

    it('returns the most recent output tokens and latencies of one series, newest first, skipping errors', () => {
      store.insertResults([
        ...[10, 20, 30, 40].map((n, i) => result({ run_id: `s${i}`, started_at: i, usage: { ...result().usage!, output_tokens: n }, latency_ms: n * 10 })),
        result({ run_id: 'err', started_at: 99, outcome: 'error', usage: null, latency_ms: 5 }),
        result({ run_id: 'other', started_at: 100, model: 'claude-sonnet-4-6' }),
      ]);
      expect(store.recentOutputTokens('smoke', 'claude-haiku-4-5', 3)).toEqual([40, 30, 20]);
      expect(store.recentLatencies('smoke', 'claude-haiku-4-5', 2)).toEqual([400, 300]);
      expect(store.recentOutputTokens('nope', 'claude-haiku-4-5', 3)).toEqual([]);
    });
  });

  describe('latency percentiles', () => {
    function reference(values: number[], q: number): number {
      const s = [...values].sort((a, b) => a - b);
      const pos = (s.length - 1) * q;
      const lo = Math.floor(pos);
      return s[lo]! + (s[Math.ceil(pos)]! - s[lo]!) * (pos - lo);
    }

    function seed(): Map<string, number[]> {
      const bySeries = new Map<string, number[]>();
      const rows = [];
      let x = 7;
      for (let i = 0; i < 600; i++) {
        x = (x * 48271) % 2147483647;
        const probe = `p${i % 3}`;
        const model = i % 2 ? 'claude-haiku-4-5' : 'claude-sonnet-4-6';
        const latency = 100 + (x % 5000);
        const started_at = 1000 + i;
        if (started_at >= 1100 && started_at < 1500) {
          const key = `${probe}|${model}`;
          bySeries.set(key, [...(bySeries.get(key) ?? []), latency]);
        }
        rows.push(result({ run_id: `r${i}`, probe_id: probe, model, latency_ms: latency, started_at }));
      }
      rows.push(result({ run_id: 'no-latency', started_at: 1200, latency_ms: null, outcome: 'error' }));
      store.insertResults(rows);
      return bySeries;
    }

    it('computes p50 and p95 per probe and model over the window, matching linear interpolation', () => {
      const expected = seed();
      const got = store.latencyPercentiles({ since: 1100, until: 1500 });
      expect(got).toHaveLength(6);
      for (const row of got) {
        const values = expected.get(`${row.probe_id}|${row.model}`)!;
        expect(row.count).toBe(values.length);
        expect(row.p50).toBeCloseTo(reference(values, 0.5), 6);
        expect(row.p95).toBeCloseTo(reference(values, 0.95), 6);
      }
    });

    it.runIf(backend.name === 'sqlite')('gives the same figures from the window-function fallback', () => {
      seed();
      const fallback = percentileQuery(store.db, true)(1100, 1500);
      const primary = store.latencyPercentiles({ since: 1100, until: 1500 });
      expect(fallback.map((r) => [r.probe_id, r.model, r.count])).toEqual(primary.map((r) => [r.probe_id, r.model, r.count]));
      fallback.forEach((r, i) => {
        expect(r.p50).toBeCloseTo(primary[i]!.p50, 6);
        expect(r.p95).toBeCloseTo(primary[i]!.p95, 6);
      });
    });

  });

  describe('spendSince', () => {
    it('stays exact across repeated calls, new inserts and inserts from another connection', () => {
      store.insertResults([result({ run_id: '1', started_at: 100, cost_usd: 1 }), result({ run_id: '2', started_at: 300, cost_usd: 2 })]);
      expect(store.spendSince(200)).toBe(2);
      store.insertResults([result({ run_id: '3', started_at: 400, cost_usd: 4 }), result({ run_id: '4', started_at: 150, cost_usd: 8 })]);
      expect(store.spendSince(200)).toBe(6);
      store.insertResult(result({ run_id: '3', started_at: 400, cost_usd: 4 }));
      expect(store.spendSince(200)).toBe(6);
      const other = openStore(location);
      other.db.prepare("INSERT INTO results (run_id, probe_id, model, target, runner_id, region, started_at, finished_at, outcome, attempts, cost_usd) VALUES ('x', 'p', 'm', 't', 'r', 'g', 500, 500, 'pass', 1, 16)").run();
      other.close();
      expect(store.spendSince(200)).toBe(22);
      expect(store.spendSince(0)).toBe(31);
    });
  });

  describe('spendSince across 15-minute buckets', () => {
    const Q = 900_000;
    // Rows on, just before and just after bucket boundaries, over several buckets.
    const times = [0, 1, Q - 1, Q, Q + 1, 2 * Q - 1, 2 * Q, 5 * Q + 7, 9 * Q - 1, 9 * Q];
    const brute = (since: number) => store.queryResults({ since }).reduce((s, r) => s + (r.cost_usd ?? 0), 0);

    it('equals the row-by-row sum from every starting point, after inserts, a delete and an update', () => {
      store.insertResults(times.map((t, i) => result({ run_id: `b${i}`, started_at: t, cost_usd: 2 ** i })));
      store.insertResult(result({ run_id: 'unpriced', started_at: Q, cost_usd: null }));
      const check = () => {
        for (const since of [0, 1, Q - 1, Q, Q + 1, 2 * Q - 1, 2 * Q, 3 * Q + 5, 9 * Q, 9 * Q + 1]) expect(store.spendSince(since), `since ${since}`).toBe(brute(since));
      };
      check();
      const other = openStore(location);
      other.insertResults([result({ run_id: 'late', started_at: Q + 2, cost_usd: 2 ** 12 })]);
      other.close();
      check();
      if (backend.name !== 'postgres') return; // SQLite's running total assumes rows are only inserted
      store.db.prepare('DELETE FROM results WHERE run_id = ?').run('b3');
      store.db.prepare('UPDATE results SET started_at = ?, cost_usd = ? WHERE run_id = ?').run(8 * Q, 2 ** 13, 'b1');
      check();
    });
  });

  describe('spendSince on a store that had results before migration 8', () => {
    it('counts them (the buckets are filled from the stored results)', async () => {
      const older = await backend.fresh();
      const v7 = openStore(older, { migrations: MIGRATIONS.slice(0, 7) });
      v7.insertResults([result({ run_id: 'o1', started_at: 1000, cost_usd: 1 }), result({ run_id: 'o2', started_at: 2_000_000, cost_usd: 2 })]);
      v7.close();
      const now = openStore(older);
      try {
        expect(now.spendSince(0)).toBe(3);
        expect(now.spendSince(1001)).toBe(2);
        now.insertResult(result({ run_id: 'o3', started_at: 1_900_000, cost_usd: 4 }));
        expect(now.spendSince(900_000)).toBe(6);
      } finally {
        now.close();
      }
    });
  });

  describe.runIf(backend.name === 'sqlite')('query plans', () => {
    it.each([
      ['the incremental spend read uses the rowid range', INCREMENTAL_SPEND_SQL, [1, 0], /USING INTEGER PRIMARY KEY \(rowid>\?\)/],
      ['the drift history uses the series index', "SELECT output_tokens FROM results WHERE probe_id = 'a' AND model = 'b' AND output_tokens IS NOT NULL ORDER BY started_at DESC LIMIT 20", [], /INDEX results_series \(probe_id=\? AND model=\?\)/],
      [
        'the percentile query skip-scans the covering series index, with no sort',
        'SELECT probe_id, model, percentile_cont(latency_ms, 0.5) FROM results WHERE started_at >= ? AND started_at < ? AND latency_ms IS NOT NULL GROUP BY probe_id, model',
        [1, 2],
        /^SEARCH results USING COVERING INDEX results_series \(ANY\(probe_id\) AND ANY\(model\) AND started_at>\? AND started_at<\?\)$/,
      ],
    ])('%s', (_, sql, params, plan) => {
      const rows = store.db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as Array<{ detail: string }>;
      expect(rows.map((r) => r.detail).join(' ')).toMatch(plan);
    });
  });
});
