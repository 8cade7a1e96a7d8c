/**
 * Runs once before the test files (which run in parallel processes):
 * - resolves the Chromium of the report tests here, so that when it comes from
 *   `@sparticuz/chromium` it is unpacked once, not by three processes at the same time into the
 *   same temp folder;
 * - starts one throwaway PostgreSQL cluster for every PostgreSQL test (each makes its own
 *   databases on it, see test/store/backends.ts), instead of a cluster per test file; stopped
 *   and removed at the end of the run. Without the binaries nothing starts, and the tests skip
 *   or fail as pgTestGate says.
 */
import { chromiumExecutable } from './report/browser.ts';
import { PG_SHARED_ENV, pgTestGate, startPgCluster } from './store/pg-cluster.ts';

export default async function setup(): Promise<() => void> {
  const { path, source } = await chromiumExecutable();
  process.env['CHROMIUM_PATH'] = path;
  if (source === '@sparticuz/chromium') process.stderr.write(`report tests: Chromium from @sparticuz/chromium at ${path}\n`);
  const gate = pgTestGate();
  const cluster = !gate.skip && gate.bin !== null ? await startPgCluster(gate.bin, { durable: false, maxConnections: 200 }) : null;
  if (cluster) process.env[PG_SHARED_ENV] = cluster.url;
  return () => cluster?.stop();
}
