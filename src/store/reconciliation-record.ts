/**
 * The last reconciliation's outcome, kept in a small JSON file beside the database
 * (`<db>.reconcile.json`): the comparison itself is derived from the results and the bill each
 * time, so only "when did it last run, and what did it find" needs keeping, and a file needs no
 * schema change. `doctor` ("reconciliation has run within N days"), the `cost_drift` alert and
 * the dashboard read it. An in-memory store (`:memory:`) keeps it in memory, and so, for now,
 * does a PostgreSQL store (there is no file beside it; a table would need a migration).
 */
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import type { Store } from './store.ts';

export interface ReconciliationRow {
  model: string;
  /** Bucket start, epoch ms. */
  bucket: number;
  our_cost_usd: number | null;
  billed_cost_usd: number | null;
  diff_usd: number | null;
  token_diff_pct: number;
  cause: string;
  over_threshold: boolean;
}

export interface ReconciliationRecord {
  /** When it ran, epoch ms. */
  ran_at: number;
  /** Where the bill came from: `anthropic` or the simulator's URL. */
  source: string;
  since: number;
  until: number;
  bucket: '1h' | '1d';
  api_key_id: string | null;
  thresholds: { pct: number; usd: number };
  /** `drift` when any row passed the thresholds. */
  outcome: 'agree' | 'drift';
  over_threshold: number;
  max_abs_diff_usd: number;
  our_cost_usd: number;
  billed_cost_usd: number;
  rows: ReconciliationRow[];
}

const memory = new WeakMap<Store, ReconciliationRecord>();
const inMemory = (store: Store) => store.path === ':memory:' || store.db.dialect === 'postgres';
const fileOf = (store: Store) => `${store.path}.reconcile.json`;

/** Replaces the stored outcome (written to a temporary file, then renamed: never half a record). */
export function saveReconciliation(store: Store, record: ReconciliationRecord): void {
  if (inMemory(store)) {
    memory.set(store, record);
    return;
  }
  const tmp = `${fileOf(store)}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(record));
  renameSync(tmp, fileOf(store));
}

/** The last reconciliation's outcome, or null when none has run on this database (or its file is unreadable). */
export function lastReconciliation(store: Store): ReconciliationRecord | null {
  if (inMemory(store)) return memory.get(store) ?? null;
  return reconciliationAt(store.path);
}

/** Same as {@link lastReconciliation}, from the database file's path (what a bare connection knows: `db.name`). */
export function reconciliationAt(dbPath: string): ReconciliationRecord | null {
  if (dbPath === ':memory:' || dbPath === '' || /^postgres(ql)?:\/\//i.test(dbPath)) return null;
  try {
    const r = JSON.parse(readFileSync(`${dbPath}.reconcile.json`, 'utf8')) as ReconciliationRecord;
    return typeof r.ran_at === 'number' && Array.isArray(r.rows) ? r : null;
  } catch {
    return null;
  }
}
