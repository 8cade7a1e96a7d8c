/**
 * Spend since a point in time, cheap enough to ask before every run. The first call for a given
 * `sinceMs` scans the covering time index once; later calls add only rows inserted since (a
 * rowid range scan), by this or any other connection. Exact as long as results are only ever
 * inserted, which is how the store treats them; deleting rows would make it over-count (the
 * safe direction for a budget) until the store is reopened. (Internal.)
 */
import type { Database } from 'better-sqlite3';

/** How many distinct `sinceMs` values keep a running total (day and month starts need two). */
const MAX_CACHED = 8;

/** Spend of rows newer than a rowid. Unary + keeps the planner on the rowid range, not the time index. */
export const INCREMENTAL_SPEND_SQL = 'SELECT coalesce(sum(cost_usd), 0) FROM results WHERE id > ? AND +started_at >= ?';

export function spendQuery(db: Database): (sinceMs: number) => number {
  const cache = new Map<number, { total: number; lastId: number }>();
  const full = db.prepare('SELECT coalesce(sum(cost_usd), 0) FROM results WHERE started_at >= ?').pluck();
  const since = db.prepare(INCREMENTAL_SPEND_SQL).pluck();
  const lastId = db.prepare('SELECT coalesce(max(id), 0) FROM results').pluck();
  // One read transaction: the total and the id it runs up to come from the same snapshot.
  const read = db.transaction((sinceMs: number) => {
    const hit = cache.get(sinceMs);
    const last = lastId.get() as number;
    if (hit) {
      if (last > hit.lastId) hit.total += since.get(hit.lastId, sinceMs) as number;
      hit.lastId = last;
      return hit.total;
    }
    const total = full.get(sinceMs) as number;
    if (cache.size >= MAX_CACHED) cache.delete(cache.keys().next().value!);
    cache.set(sinceMs, { total, lastId: last });
    return total;
  });
  return (sinceMs) => read(sinceMs);
}
