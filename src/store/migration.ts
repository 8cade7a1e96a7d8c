/**
 * Versioned migrations. Each runs once, in its own IMMEDIATE transaction together with its row in
 * `schema_migrations`, so a crash mid-migration leaves the database at the previous version and
 * two processes opening the same file cannot both apply it.
 */
import type { Database } from 'better-sqlite3';
import { StoreError } from './errors.ts';

export interface Migration {
  /** Strictly increasing from 1, no gaps. */
  version: number;
  /** Short name, stored for humans reading `schema_migrations`. */
  name: string;
  /** SQL (may hold several statements) or a function for data migrations. */
  up: string | ((db: Database) => void);
}

/** Throws when the list is not 1, 2, 3, ... in order (a programming error, caught by tests). */
export function checkMigrations(migrations: readonly Migration[]): void {
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) throw new Error(`migration "${m.name}" has version ${m.version}, expected ${i + 1} (versions must run 1, 2, 3, ... in order)`);
  });
}

/** The highest applied version (0 for a new database). */
export function schemaVersion(db: Database): number {
  const row = db.prepare('SELECT max(version) AS v FROM schema_migrations').get() as { v: number | null };
  return row.v ?? 0;
}

/** Applies every pending migration. Returns the versions applied. */
export function migrate(db: Database, path: string, migrations: readonly Migration[], now: () => number = Date.now): number[] {
  checkMigrations(migrations);
  db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)');
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
      if (typeof m.up === 'string') db.exec(m.up);
      else m.up(db);
      record.run(m.version, m.name, now());
      return true;
    });
    if (step.immediate()) applied.push(m.version);
  }
  return applied;
}
