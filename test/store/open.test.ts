import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkMigrations, MIGRATIONS, openStore, type Migration, type SqliteDb } from '../../src/store/index.ts';
import { result, tempDir, thrown } from './fixtures/results.ts';

let tmp: ReturnType<typeof tempDir>;
beforeEach(() => {
  tmp = tempDir();
});
afterEach(() => tmp.cleanup());

describe('openStore', () => {
  it('creates the file and parent folders, in WAL mode with synchronous NORMAL, at the latest version', () => {
    const path = join(tmp.dir, 'nested', 'dir', 'canary.db');
    const store = openStore(path);
    expect((store.db as SqliteDb).raw.pragma('journal_mode', { simple: true })).toBe('wal');
    expect((store.db as SqliteDb).raw.pragma('synchronous', { simple: true })).toBe(1);
    expect(store.schemaVersion()).toBe(MIGRATIONS.length);
    const rows = store.db.prepare('SELECT version, name FROM schema_migrations ORDER BY version').all();
    expect(rows).toEqual(MIGRATIONS.map((m) => ({ version: m.version, name: m.name })));
    store.close();
  });

  it('applies only the new migration when one is appended, once', () => {
    const path = join(tmp.dir, 'canary.db');
    openStore(path).close();
    const next: Migration = { version: MIGRATIONS.length + 1, name: 'alert_state', up: 'CREATE TABLE alert_state (rule TEXT PRIMARY KEY, state TEXT NOT NULL)' };
    const store = openStore(path, { migrations: [...MIGRATIONS, next] });
    expect(store.schemaVersion()).toBe(next.version);
    store.db.prepare('INSERT INTO alert_state VALUES (?, ?)').run('r', 'firing');
    store.close();
    const again = openStore(path, { migrations: [...MIGRATIONS, next] });
    expect(again.db.prepare('SELECT count(*) FROM alert_state').pluck().get()).toBe(1);
    again.close();
  });

  it('rolls back a failing migration entirely and names the file', () => {
    const path = join(tmp.dir, 'canary.db');
    const bad: Migration = {
      version: MIGRATIONS.length + 1,
      name: 'half',
      up: 'CREATE TABLE half_done (x INTEGER); INSERT INTO no_such_table VALUES (1);',
    };
    const e = thrown(() => openStore(path, { migrations: [...MIGRATIONS, bad] }));
    expect(e.code).toBe('migration_failed');
    expect(e.message).toContain(path);
    const store = openStore(path);
    expect(store.schemaVersion()).toBe(MIGRATIONS.length);
    expect(store.db.prepare("SELECT count(*) FROM sqlite_master WHERE name = 'half_done'").pluck().get()).toBe(0);
    store.close();
  });

  it('refuses a database with a newer schema than this build', () => {
    const path = join(tmp.dir, 'canary.db');
    const future: Migration = { version: MIGRATIONS.length + 1, name: 'future', up: 'CREATE TABLE future (x)' };
    openStore(path, { migrations: [...MIGRATIONS, future] }).close();
    const e = thrown(() => openStore(path));
    expect(e.code).toBe('newer_schema');
    expect(e.message).toContain(`${path} is at schema version ${future.version}`);
  });

  it('names the path when the file is not a database', () => {
    const path = join(tmp.dir, 'garbage.db');
    writeFileSync(path, 'this is not sqlite, just text that happens to be long enough to have a header '.repeat(100));
    const e = thrown(() => openStore(path));
    expect(e.code).toBe('not_a_database');
    expect(e.message).toContain(`${path} is not a usable SQLite database`);
    expect(e.path).toBe(path);
  });

  it('names the path when another process holds the lock', () => {
    const path = join(tmp.dir, 'locked.db');
    const other = new Database(path);
    other.exec('CREATE TABLE t (x); BEGIN EXCLUSIVE; INSERT INTO t VALUES (1);');
    try {
      const e = thrown(() => openStore(path, { busyTimeoutMs: 50 }));
      expect(e.code).toBe('locked');
      expect(e.message).toContain(`${path} is locked by another process`);
    } finally {
      other.exec('ROLLBACK');
      other.close();
    }
  });

  it('names the path when a write outwaits the busy timeout', () => {
    const path = join(tmp.dir, 'canary.db');
    const store = openStore(path, { busyTimeoutMs: 50 });
    const other = new Database(path);
    other.exec('BEGIN IMMEDIATE');
    try {
      const e = thrown(() => store.insertResult(result()));
      expect(e.code).toBe('locked');
      expect(e.message).toContain(path);
    } finally {
      other.exec('ROLLBACK');
      other.close();
      store.close();
    }
  });

  it.each([
    ['a gap', [{ version: 1, name: 'a', up: '' }, { version: 3, name: 'c', up: '' }]],
    ['out of order', [{ version: 2, name: 'b', up: '' }, { version: 1, name: 'a', up: '' }]],
    ['not starting at 1', [{ version: 0, name: 'z', up: '' }]],
  ])('rejects a migration list with %s', (_, list) => {
    expect(() => checkMigrations(list)).toThrow(/versions must run 1, 2, 3/);
  });

  it('ships a valid migration list', () => {
    expect(() => checkMigrations(MIGRATIONS)).not.toThrow();
  });
});
