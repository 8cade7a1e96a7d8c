/**
 * What is PostgreSQL's own: choosing the backend from a URL, keeping the URL's password out of
 * every name and error, the placeholder translation, and the connection's transaction and type
 * behaviour (savepoints, int8 as numbers). The shared behaviour runs in the both-backend files.
 */
import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { scrubString } from '../../src/log/scrub.ts';
import { isPostgresUrl, maskPostgresUrl, MIGRATIONS, openStore, type Migration } from '../../src/store/index.ts';
import { translatePlaceholders, bindValues } from '../../src/store/pg/placeholders.ts';
import { describePostgres } from './backends.ts';
import { thrown } from './fixtures/results.ts';

const SECRET = 'pw-s3cret-Value/with:odd@chars';

describe('choosing the backend', () => {
  it.each([
    ['postgres://u:p@h/db', true],
    ['postgresql://h:5432/db', true],
    ['POSTGRES://h/db', true],
    ['data/postgres.db', false],
    ['./postgres://x', false],
    [':memory:', false],
    ['file:canary.db', false],
  ])('%s is a PostgreSQL URL: %s', (db, yes) => {
    expect(isPostgresUrl(db)).toBe(yes);
  });

  it('masks the password of a URL, and of one that does not parse', () => {
    expect(maskPostgresUrl('postgres://canary:hunter22@db.internal:5432/canary?sslmode=require')).toBe('postgres://canary:***@db.internal:5432/canary?sslmode=require');
    expect(maskPostgresUrl('postgres://canary@db/canary')).toBe('postgres://canary@db/canary');
    expect(maskPostgresUrl('postgres://canary:hun ter@[bad/x')).not.toContain('hun ter');
  });
});

describe('placeholders', () => {
  it('numbers ? in order and leaves literals, quoted names and comments alone', () => {
    const t = translatePlaceholders(`SELECT '?', "a?b", x -- why?\n FROM t WHERE a = ? /* ? */ AND b = ? AND c = 'it''s ?'`);
    expect(t.text).toBe(`SELECT '?', "a?b", x -- why?\n FROM t WHERE a = $1 /* ? */ AND b = $2 AND c = 'it''s ?'`);
    expect(t.names).toBeNull();
  });

  it('gives each @name one number, reused, and takes values from one object', () => {
    const t = translatePlaceholders('SELECT * FROM r WHERE s >= @since AND s < @until AND s <> @since AND j @> \'{}\'::jsonb');
    expect(t.text).toBe("SELECT * FROM r WHERE s >= $1 AND s < $2 AND s <> $1 AND j @> '{}'::jsonb");
    expect(bindValues(t, [{ until: 2, since: 1, extra: 3 }])).toEqual([1, 2]);
    expect(() => bindValues(t, [{ since: 1 }])).toThrow(/Missing named parameter "until"/);
  });
});

describePostgres('PostgreSQL store', (fresh) => {
  it('opens at the latest version, records migrations in schema_migrations, and returns int8 as numbers', async () => {
    const store = openStore(await fresh());
    try {
      expect(store.db.dialect).toBe('postgres');
      expect(store.schemaVersion()).toBe(MIGRATIONS.length);
      expect(store.db.prepare('SELECT version, name FROM schema_migrations ORDER BY version').all()).toEqual(MIGRATIONS.map((m) => ({ version: m.version, name: m.name })));
      expect(store.db.prepare('SELECT count(*) FROM results').pluck().get()).toBe(0);
      expect(store.db.prepare('SELECT 9007199254740991::bigint AS big, sum(x) AS s FROM (VALUES (1::bigint), (2::bigint)) v(x)').get()).toEqual({ big: Number.MAX_SAFE_INTEGER, s: 3 });
      expect(store.db.hasTable('alert_outbox')).toBe(true);
      expect(store.db.hasColumn('alert_outbox', 'alert_key')).toBe(true);
      expect(store.db.hasTable('nope')).toBe(false);
    } finally {
      store.close();
    }
  });

  it('never shows the password: the store name, a failed connection and a failed migration name the masked URL', async () => {
    const url = await fresh({ password: SECRET });
    const store = openStore(url);
    const encoded = encodeURIComponent(SECRET);
    expect(store.path).not.toContain(encoded);
    expect(store.path).toContain(':***@');
    store.close();
    // Registered with the scrubber on open: a log line or report quoting the URL is scrubbed.
    expect(scrubString(`connecting to ${url}`)).not.toContain(encoded);
    expect(scrubString(`password ${SECRET}`)).not.toContain(SECRET);

    const bad: Migration = { version: MIGRATIONS.length + 1, name: 'bad', up: 'CREATE TABLE x (' };
    const failed = thrown(() => openStore(url, { migrations: [...MIGRATIONS, bad] }));
    expect(failed.code).toBe('migration_failed');
    expect(failed.path).toContain(':***@');
    for (const text of [failed.message, failed.path, String(failed.cause)]) {
      expect(text).not.toContain(encoded);
      expect(text).not.toContain(SECRET);
    }

    const port = await new Promise<number>((resolve) => {
      const s = createServer().listen(0, '127.0.0.1', () => {
        const p = (s.address() as { port: number }).port;
        s.close(() => resolve(p));
      });
    });
    const refused = thrown(() => openStore(`postgresql://canary:${encoded}@127.0.0.1:${port}/canary`));
    expect(refused.code).toBe('cannot_open');
    expect(refused.message).toMatch(/^cannot connect to PostgreSQL at postgresql:\/\/canary:\*\*\*@127\.0\.0\.1:\d+\/canary \(.*ECONNREFUSED/);
    expect(refused.message).not.toContain(encoded);
  });

  it('rolls a failing migration back entirely (DDL included) and refuses a newer schema', async () => {
    const url = await fresh();
    const half: Migration = { version: MIGRATIONS.length + 1, name: 'half', up: 'CREATE TABLE half_done (x INTEGER); SELECT * FROM no_such_table' };
    expect(thrown(() => openStore(url, { migrations: [...MIGRATIONS, half] })).code).toBe('migration_failed');
    const store = openStore(url);
    expect(store.schemaVersion()).toBe(MIGRATIONS.length);
    expect(store.db.hasTable('half_done')).toBe(false);
    store.db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(MIGRATIONS.length + 5, 'future', 0);
    store.close();
    expect(thrown(() => openStore(url)).code).toBe('newer_schema');
  });

  it('nests transactions as savepoints: an inner failure rolls back only the inner writes', async () => {
    const store = openStore(await fresh());
    try {
      const db = store.db;
      db.exec('CREATE TABLE t (x INTEGER)');
      const add = db.prepare('INSERT INTO t (x) VALUES (?)');
      const inner = db.transaction((x: number) => {
        add.run(x);
        throw new Error('inner');
      });
      db.transaction(() => {
        add.run(1);
        expect(() => inner(2)).toThrow('inner');
        add.run(3);
      }).immediate();
      expect(db.prepare('SELECT x FROM t ORDER BY x').pluck().all()).toEqual([1, 3]);
      expect(() =>
        db.transaction(() => {
          add.run(4);
          throw new Error('outer');
        })(),
      ).toThrow('outer');
      expect(db.prepare('SELECT count(*) FROM t').pluck().get()).toBe(2);
    } finally {
      store.close();
    }
  });
});
