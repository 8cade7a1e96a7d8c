/**
 * `audit_trail`: results are being written with request id, time, outcome and runner. Read-only:
 * the store is opened read-only (a missing store is not created); a PostgreSQL store is
 * connected to without running migrations, and named with its password masked.
 */
import { existsSync } from 'node:fs';
import Database from 'better-sqlite3';
import { connectPostgres, isPostgresUrl, maskPostgresUrl, sqliteDb, type Db } from '../../store/index.ts';
import { DAY_MS, type CheckResult, type DoctorContext } from '../types.ts';

/** How far back "recent" reaches. */
export const AUDIT_WINDOW_MS = DAY_MS;

interface AuditRow {
  n: number;
  newest: number | null;
  complete: number;
}

export function checkAuditTrail(ctx: DoctorContext): CheckResult {
  const postgres = isPostgresUrl(ctx.config.db);
  const db = postgres ? maskPostgresUrl(ctx.config.db) : ctx.config.db;
  const checked = 'the store has recent results with request id, time, outcome and runner';
  const fix = 'run `claude-canary monitor` (or schedule `claude-canary run`) with this store (config `db`, CANARY_DB or --db)';
  if (!postgres && !existsSync(db)) return { id: 'audit_trail', status: 'warn', checked, detail: `no store at ${db} yet: nothing is recorded`, fix };
  let row: AuditRow;
  try {
    const conn: Db = postgres ? connectPostgres(ctx.config.db) : sqliteDb(new Database(db, { readonly: true, fileMustExist: true }));
    try {
      if (!conn.hasTable('results')) return { id: 'audit_trail', status: 'warn', checked, detail: `the store at ${db} has no results table yet`, fix };
      // Results that reached the API (pass or fail) must carry a request id; skipped and errors may not.
      row = conn
        .prepare(
          `SELECT count(*) AS n, max(started_at) AS newest,
                  sum(CASE WHEN runner_id <> '' AND outcome IS NOT NULL AND started_at > 0
                            AND (request_id IS NOT NULL OR outcome IN ('skipped', 'error')) THEN 1 ELSE 0 END) AS complete
           FROM results WHERE started_at >= ?`,
        )
        .get(ctx.now - AUDIT_WINDOW_MS) as AuditRow;
    } finally {
      conn.close();
    }
  } catch (err) {
    return { id: 'audit_trail', status: 'fail', checked, detail: `cannot read the store at ${db}: ${(err as Error).message}`, fix: 'check the path and permissions of the store' };
  }
  if (row.n === 0) return { id: 'audit_trail', status: 'warn', checked, detail: `no results in the last 24 h in ${db}`, fix };
  if (row.complete < row.n) {
    return { id: 'audit_trail', status: 'warn', checked, detail: `${row.n - row.complete} of ${row.n} results in the last 24 h lack a request id, runner or outcome`, fix: 'check that results come from the canary runner (they record request-id from every response)' };
  }
  return { id: 'audit_trail', status: 'pass', checked, detail: `${row.n} result${row.n === 1 ? '' : 's'} in the last 24 h, newest ${new Date(row.newest!).toISOString()}, each with request id, time, outcome and runner`, fix: 'keep the store on persistent storage and back it up' };
}
