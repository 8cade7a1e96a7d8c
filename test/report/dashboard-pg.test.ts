/**
 * The dashboard on PostgreSQL: the same seeded results and alert transitions in a SQLite file and
 * in a PostgreSQL database give the same dashboard data (percentiles to 1e-6), and the page renders.
 */
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { queryDashboard, renderDashboard, resolveWindow } from '../../src/report/dashboard/index.ts';
import { openStore, type Store } from '../../src/store/index.ts';
import { describePostgres } from '../store/backends.ts';
import { tempDir } from '../store/fixtures/results.ts';
import { DAY, HOSTILE_PROBE, NOW, seedAlerts, seedResults } from './dashboard-seed.ts';

function seeded(location: string): Store {
  const store = openStore(location);
  store.insertResults(seedResults());
  seedAlerts(store);
  return store;
}

/** Floats to 9 significant digits: SQLite and PostgreSQL sum doubles in different orders. */
function rounded(v: unknown): unknown {
  if (typeof v === 'number' && !Number.isInteger(v)) return Number(v.toPrecision(9));
  if (Array.isArray(v)) return v.map(rounded);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, rounded(x)]));
  return v;
}

describePostgres('dashboard on PostgreSQL', (fresh) => {
  it('gives the same data as SQLite for the same store, and renders', async () => {
    const tmp = tempDir();
    const lite = seeded(join(tmp.dir, 'canary.db'));
    const pg = seeded(await fresh());
    try {
      for (const windowMs of [7 * DAY, DAY]) {
        const w = resolveWindow({ windowMs, now: NOW });
        const a = queryDashboard(lite, w);
        const b = queryDashboard(pg, w);
        expect(b.summary.runs).toBeGreaterThan(0);
        expect(b.bySeries.length).toBeGreaterThan(0);
        expect(b.flagsByBucket.length).toBeGreaterThan(0);
        expect(b.alerts.available).toBe(true);
        // Slowest and priciest runs: ties (same latency or cost) may come in either order.
        expect(b.slowest.map((r) => r.latency_ms)).toEqual(a.slowest.map((r) => r.latency_ms));
        expect(rounded(b.priciest.map((r) => r.cost_usd))).toEqual(rounded(a.priciest.map((r) => r.cost_usd)));
        expect(rounded({ ...b, slowest: [], priciest: [] })).toEqual(rounded({ ...a, slowest: [], priciest: [] }));
      }
      const html = renderDashboard(pg, { windowMs: 7 * DAY, now: NOW });
      expect(html).toContain('<html');
      expect(html).not.toContain('<script>window.__pwned');
      expect(html).toContain(HOSTILE_PROBE.replace('<', '&lt;').slice(0, 8));
    } finally {
      lite.close();
      pg.close();
      tmp.cleanup();
    }
  }, 120_000);
});
