/**
 * Runs a block of tests against both store backends: SQLite (a file in a temp folder) and
 * PostgreSQL (the run's throwaway cluster, else one for the file; a new database per `fresh()`). Without PostgreSQL
 * binaries the PostgreSQL block is skipped, and its title says why; with `CI=true` it fails instead.
 */
import { afterAll, beforeAll, describe } from 'vitest';
import { PG_SHARED_ENV, pgTestGate, sharedPgCluster, startPgCluster, type PgCluster } from './pg-cluster.ts';
import { tempDir } from './fixtures/results.ts';
import { join } from 'node:path';

export interface Backend {
  readonly name: 'sqlite' | 'postgres';
  /** The location (file path or URL) of a new, empty database. */
  fresh(options?: { password?: string }): Promise<string>;
}

/** `body` registers its tests once per backend, inside a describe named after the backend. */
export function forEachBackend(body: (backend: Backend) => void): void {
  describe('sqlite', () => {
    const dirs: Array<ReturnType<typeof tempDir>> = [];
    afterAll(() => dirs.forEach((d) => d.cleanup()));
    body({
      name: 'sqlite',
      fresh: async () => {
        const d = tempDir();
        dirs.push(d);
        return join(d.dir, 'canary.db');
      },
    });
  });
  describePostgres('postgres', (fresh) => body({ name: 'postgres', fresh }));
}

/** A describe with a throwaway PostgreSQL cluster; `fresh` makes a new database on it. */
export function describePostgres(title: string, body: (fresh: (options?: { password?: string }) => Promise<string>) => void): void {
  const gate = pgTestGate();
  if (gate.skip) {
    describe.skip(`${title} (skipped: ${gate.reason})`, () => body(async () => ''));
    return;
  }
  describe(title, () => {
    let cluster: PgCluster | null = null;
    beforeAll(async () => {
      if (gate.bin === null) throw new Error(gate.reason);
      // The run's shared cluster when the global setup started one (test/global-setup.ts), else one of our own.
      const shared = process.env[PG_SHARED_ENV];
      cluster = shared ? sharedPgCluster(shared) : await startPgCluster(gate.bin, { durable: false });
    }, 90_000);
    afterAll(() => cluster?.stop());
    body((options) => cluster!.newDatabase(options));
  });
}
