/**
 * Versioned migrations. Each runs once, in its own IMMEDIATE transaction together with its row in
 * `schema_migrations`, so a crash mid-migration leaves the database at the previous version and
 * two processes opening the same database cannot both apply it (on PostgreSQL the immediate
 * transaction's advisory lock serialises them, and DDL is transactional there too).
 *
 * Each migration has its SQLite text (`up`) and, where the dialects differ, its PostgreSQL text
 * (`postgres`) beside it, under the same version; both backends record versions in the same
 * `schema_migrations` table.
 */
import type { Db } from './db.ts';
import { StoreError } from './errors.ts';

/** A migration step: SQL (may hold several statements) or a function for data migrations. */
export type MigrationStep = string | ((db: Db) => void);

export interface Migration {
  /** Strictly increasing from 1, no gaps. */
  version: number;
  /** Short name, stored for humans reading `schema_migrations`. */
  name: string;
  /** The SQLite step; also the PostgreSQL one when `postgres` is absent and `up` is SQL text. */
  up: MigrationStep;
  /**
   * The PostgreSQL step, when the SQLite text does not run there as is (types such as BIGINT
   * for epoch milliseconds and DOUBLE PRECISION for REAL, identity columns for INTEGER PRIMARY
   * KEY, no WITHOUT ROWID, json operators). A function `up` without it runs on both (it can
   * look at `db.dialect`).
   */
  postgres?: MigrationStep;
}

/** Throws when the list is not 1, 2, 3, ... in order (a programming error, caught by tests). */
export function checkMigrations(migrations: readonly Migration[]): void {
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) throw new Error(`migration "${m.name}" has version ${m.version}, expected ${i + 1} (versions must run 1, 2, 3, ... in order)`);
  });
}

/** The highest applied version (0 for a new database). */
export function schemaVersion(db: Db): number {
  const v = db.prepare('SELECT max(version) AS v FROM schema_migrations').pluck().get() as number | null;
  return v ?? 0;
}

/** The step of `m` for the connection's dialect. */
export function stepFor(m: Migration, db: Db): MigrationStep {
  return db.dialect === 'postgres' ? (m.postgres ?? m.up) : m.up;
}

/** Applies every pending migration. Returns the versions applied. */
export function migrate(db: Db, path: string, migrations: readonly Migration[], now: () => number = Date.now): number[] {
  checkMigrations(migrations);
  // In a locked transaction: PostgreSQL's CREATE TABLE IF NOT EXISTS is not safe against a
  // concurrent one (both may pass the check).
  db.transaction(() => db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)')).immediate();
  const current = schemaVersion(db);
  if (current > migrations.length) {
    throw new StoreError(
      'newer_schema',
      path,
      `${path} is at schema version ${current}, newer than this build knows (${migrations.length}). Upgrade claude-canary or use another --db.`,
    );
  }
  const applied: number[] = [];
  const record = db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)');
  for (const m of migrations.slice(current)) {
    const step = db.transaction(() => {
      // Another process may have applied it between our read and this lock.
      if (schemaVersion(db) >= m.version) return false;
      const up = stepFor(m, db);
      if (typeof up === 'string') db.exec(up);
      else up(db);
      record.run(m.version, m.name, now());
      return true;
    });
    if (step.immediate()) applied.push(m.version);
  }
  return applied;
}
