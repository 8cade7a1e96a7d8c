/**
 * `percentile_cont(value, q)` for the dashboard's grouped queries. better-sqlite3 12 ships SQLite
 * with the percentile extension (one aggregate pass per GROUP BY); on a build without it, a JS
 * aggregate with the same definition (linear interpolation between ranks, NULLs ignored) is
 * registered on the connection, so the queries stay the same. (Internal.)
 */
import { hasPercentileCont } from '../../store/percentiles.ts';
import { isSqlite, type Db } from '../../store/index.ts';

interface Acc {
  values: number[];
  q: number;
}

/** Makes sure `percentile_cont` exists on this connection. Returns true when SQLite's own is used. */
export function ensurePercentileCont(db: Db): boolean {
  if (hasPercentileCont(db) || !isSqlite(db)) return true;
  db.raw.aggregate('percentile_cont', {
    start: (): Acc => ({ values: [], q: 0.5 }),
    // @types/better-sqlite3 types step as (acc, acc); SQLite passes the call's arguments.
    step: ((acc: Acc, value: unknown, q: unknown) => {
      if (typeof value === 'number' && Number.isFinite(value)) acc.values.push(value);
      if (typeof q === 'number') acc.q = q;
      return acc;
    }) as never,
    result: (acc: Acc) => {
      const v = acc.values.sort((a, b) => a - b);
      if (v.length === 0) return null;
      const pos = (v.length - 1) * acc.q;
      const lo = Math.floor(pos);
      const hi = Math.min(v.length - 1, lo + 1);
      return v[lo]! + (v[hi]! - v[lo]!) * (pos - lo);
    },
  });
  return false;
}
