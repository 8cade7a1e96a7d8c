/** Each doctor check is a function over a context returning data: table-driven where the cases are data. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { loadConfig } from '../../src/config/index.ts';
import { checkApiKeySource, keyLiteralLines } from '../../src/doctor/checks/api-key-source.ts';
import { checkAuditTrail } from '../../src/doctor/checks/audit-trail.ts';
import { checkBudgets } from '../../src/doctor/checks/budgets.ts';
import { checkCatalogueAge } from '../../src/doctor/checks/catalogue-age.ts';
import { checkModelsPriced } from '../../src/doctor/checks/models-priced.ts';
import { checkOtlpExport } from '../../src/doctor/checks/otlp-export.ts';
import { checkReconciliation } from '../../src/doctor/checks/reconciliation.ts';
import { checkRetriesTimeouts } from '../../src/doctor/checks/retries-timeouts.ts';
import { checkRunbooks } from '../../src/doctor/checks/runbooks.ts';
import { checkTelemetry } from '../../src/doctor/checks/telemetry.ts';
import { lastReconciliationAt } from '../../src/doctor/index.ts';
import { ProbeSchema } from '../../src/probes/index.ts';
import { openStore, saveReconciliation } from '../../src/store/index.ts';
import { doctorContext } from './context.ts';

const DAY = 86_400_000;
const KEY = ['sk', 'ant', 'api03', 'DOCTORSENTINEL7c1Xq9Lm'].join('-');
const servers: Server[] = [];
afterAll(() => servers.forEach((s) => s.close()));

const probe = (model: string[], extra: Record<string, unknown> = {}) => ProbeSchema.parse({ id: 'p', description: 'd', prompt: 'hi', model, ...extra });

test('a call through the client against the simulator yields a span, the GenAI metrics and a log line', async () => {
  const r = await checkTelemetry(await doctorContext());
  expect(r.status).toBe('pass');
  expect(r.detail).toMatch(/succeeded; [1-9]\d* spans? .*gen_ai\.client\.operation\.duration.*gen_ai\.client\.token\.usage.*1 log line/);
});

test.each([
  { name: 'no span', change: { spans: [] }, says: 'no span' },
  { name: 'no metrics', change: { metricNames: [] }, says: 'no gen_ai.client.operation.duration, gen_ai.client.token.usage metric' },
  { name: 'no log line', change: { logLines: [] }, says: 'no log line' },
  { name: 'a failed call', change: { ok: false, errorKind: 'auth' }, says: 'failed: auth' },
])('telemetry fails when the call shows $name', async ({ change, says }) => {
  const ctx = await doctorContext();
  const real = await ctx.probeCall();
  const r = await checkTelemetry({ ...ctx, probeCall: async () => ({ ...real, ...change }) });
  expect(r.status).toBe('fail');
  expect(r.detail).toContain(says);
});

test('models the probes use: one with no price in force fails naming it; a config price fixes it', async () => {
  const probes = [probe(['claude-haiku-4-5', 'claude-sonnet-4-6'])];
  expect(checkModelsPriced(await doctorContext({ probes })).status).toBe('pass');
  // Before the catalogue's first price date nothing is priced: the check reads the catalogue, not a guess.
  const early = await doctorContext({ probes, now: Date.parse('2020-01-01T00:00:00Z') });
  const r = checkModelsPriced(early);
  expect(r.status).toBe('fail');
  expect(r.detail).toContain('claude-haiku-4-5, claude-sonnet-4-6');
  early.config.prices = { 'claude-haiku-4-5': { input: 1, output: 5 }, 'claude-sonnet-4-6': { input: 3, output: 15 } };
  expect(checkModelsPriced(early).status).toBe('pass');
});

test.each([
  { age: 30, status: 'warn' },
  { age: 365, status: 'pass' },
])('catalogue newest price 2026-09-01 judged against a max age of $age days: $status', async ({ age, status }) => {
  const r = checkCatalogueAge(await doctorContext({ maxCatalogueAgeDays: age }));
  expect(r.status).toBe(status);
  expect(r.detail).toContain('2026-09-01');
});

test.each([
  { budgets: { daily_usd: 5, monthly_usd: 50 }, status: 'warn', says: 'shipped defaults' },
  { budgets: { daily_usd: 2, monthly_usd: 40 }, status: 'pass', says: 'daily $2, monthly $40' },
  { budgets: { daily_usd: 0, monthly_usd: 40 }, status: 'warn', says: 'zero budget' },
  { budgets: { daily_usd: 90, monthly_usd: 40 }, status: 'warn', says: 'over the monthly' },
])('budgets $budgets.daily_usd/$budgets.monthly_usd: $status', async ({ budgets, status, says }) => {
  const ctx = await doctorContext();
  ctx.config.budgets = budgets;
  const r = checkBudgets(ctx);
  expect(r.status).toBe(status);
  expect(r.detail).toContain(says);
});

test('a rule whose runbook anchor is not in docs/runbooks.md fails naming the rule; the defaults all have theirs', async () => {
  expect(checkRunbooks(await doctorContext()).status).toBe('pass');
  const ctx = await doctorContext();
  ctx.config.alerts = { rules: [{ id: 'api_error_rate', runbook: 'no-such-anchor' }] };
  const r = checkRunbooks(ctx);
  expect(r.status, r.detail).toBe('fail');
  expect(r.detail).toBe('no runbook for api_error_rate (#no-such-anchor)');
});

test.each([
  { client: { maxRetries: 0 }, says: 'maxRetries 0' },
  { client: { maxRetries: 12 }, says: 'maxRetries 12' },
  { client: { attemptTimeoutMs: 1_000 }, says: 'attemptTimeoutMs 1000' },
  { client: { deadlineMs: 60_000 }, says: 'deadlineMs 60000 ms is shorter than one attempt' },
])('retries and timeouts out of bounds fail: $says', async ({ client, says }) => {
  const base = await doctorContext();
  const r = checkRetriesTimeouts({ ...base, client: { ...base.client, ...client } });
  expect(r.status).toBe('fail');
  expect(r.detail).toContain(says);
  expect(checkRetriesTimeouts(base).status).toBe('pass');
});

test('a probe timeout over ten minutes fails the bounds check naming the probe', async () => {
  const slow = probe(['claude-haiku-4-5'], { id: 'slow', timeout_ms: 3_600_000 });
  const r = checkRetriesTimeouts(await doctorContext({ probes: [slow] }));
  expect(r.status).toBe('fail');
  expect(r.detail).toContain('probe slow timeout_ms 3600000');
});

test.each([
  { name: 'a key literal in a const', text: `const key = '${KEY}';\nexport default {};\n`, lines: [1] },
  { name: 'an apiKey field with a literal', text: `export default {\n  apiKey: 'not-a-real-key-but-literal',\n};\n`, lines: [2] },
  { name: 'an x-api-key header literal', text: `headers: { 'x-api-key': "abcdefgh12345" }`, lines: [1] },
  { name: 'the key read from the environment', text: `apiKey: process.env.ANTHROPIC_API_KEY,\n`, lines: [] },
])('config text scan: $name', ({ text, lines }) => {
  expect(keyLiteralLines(text)).toEqual(lines);
});

test('a config file with a key literal fails the key-source check naming file and line, never the key', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'doctor-key-'));
  const file = join(dir, 'claude-canary.config.ts');
  writeFileSync(file, `// quick test\nconst KEY = '${KEY}';\nexport default {};\n`);
  const r = checkApiKeySource(await doctorContext({ configFile: file, env: { ANTHROPIC_API_KEY: 'from-env' } }));
  expect(r.status).toBe('fail');
  expect(r.detail).toContain(`${file} holds an API key literal on line 2`);
  expect(JSON.stringify(r)).not.toContain('DOCTORSENTINEL');
  expect(checkApiKeySource(await doctorContext({ env: { ANTHROPIC_API_KEY: 'from-env' } })).status).toBe('pass');
  expect(checkApiKeySource(await doctorContext()).status).toBe('warn');
});

test('audit trail: no store warns (and creates none), an empty store warns, stored results pass', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'doctor-audit-'));
  const ctx = await doctorContext();
  ctx.config.db = join(dir, 'canary.db');
  expect(checkAuditTrail(ctx)).toMatchObject({ status: 'warn', detail: expect.stringContaining('no store') });
  const store = openStore(ctx.config.db);
  expect(checkAuditTrail(ctx)).toMatchObject({ status: 'warn', detail: expect.stringContaining('no results in the last 24 h') });
  const row = { run_id: 'r1', probe_id: 'smoke', model: 'claude-haiku-4-5', target: 'sim', runner_id: 'runner-a', region: 'local', started_at: ctx.now - 60_000, finished_at: ctx.now - 59_000, outcome: 'pass', attempts: 1, request_id: null as string | null };
  const insert = (r: typeof row) => store.db.prepare('INSERT INTO results (run_id, probe_id, model, target, runner_id, region, started_at, finished_at, outcome, attempts, request_id) VALUES (@run_id, @probe_id, @model, @target, @runner_id, @region, @started_at, @finished_at, @outcome, @attempts, @request_id)').run(r);
  insert(row);
  expect(checkAuditTrail(ctx)).toMatchObject({ status: 'warn', detail: expect.stringContaining('1 of 1 results in the last 24 h lack a request id') });
  insert({ ...row, run_id: 'r2', request_id: 'req_1' });
  store.db.prepare("UPDATE results SET request_id = 'req_0' WHERE run_id = 'r1'").run();
  store.close();
  expect(checkAuditTrail(ctx)).toMatchObject({ status: 'pass', detail: expect.stringContaining('2 results in the last 24 h') });
});

test('reconciliation: never run warns with the reconcile command as fix; recent passes; stale warns', async () => {
  const ctx = await doctorContext();
  expect(lastReconciliationAt(ctx.config)).toBeNull();
  expect(checkReconciliation(ctx)).toMatchObject({ status: 'warn', detail: 'never run', fix: expect.stringContaining('claude-canary reconcile') });
  expect(checkReconciliation({ ...ctx, lastReconciliationAt: () => ctx.now - DAY }).status).toBe('pass');
  expect(checkReconciliation({ ...ctx, lastReconciliationAt: () => ctx.now - 30 * DAY }).status).toBe('warn');
});

test('reconciliation: the time doctor reads is the one reconcile recorded beside the store', async () => {
  const ctx = await doctorContext();
  const store = openStore(ctx.config.db);
  const ranAt = ctx.now - 2 * DAY;
  saveReconciliation(store, {
    ran_at: ranAt, source: 'http://127.0.0.1:1', since: ranAt - 7 * DAY, until: ranAt, bucket: '1d', api_key_id: null,
    thresholds: { pct: 0.02, usd: 0.01 }, outcome: 'agree', over_threshold: 0, max_abs_diff_usd: 0, our_cost_usd: 0, billed_cost_usd: 0, rows: [],
  });
  store.close();
  expect(lastReconciliationAt(ctx.config)).toBe(ranAt);
  expect(checkReconciliation({ ...ctx, lastReconciliationAt: () => lastReconciliationAt(ctx.config) }).status).toBe('pass');
});

/** An OTLP/HTTP receiver on 127.0.0.1 answering `status`; records each request's path. */
async function collector(status: number): Promise<{ url: string; paths: string[] }> {
  const paths: string[] = [];
  const server = createServer((req: IncomingMessage, res) => {
    req.resume();
    req.on('end', () => {
      paths.push(req.url ?? '');
      res.writeHead(status, { 'content-type': 'application/json' }).end('{}');
    });
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, paths };
}

test('OTLP: unset is skipped; a collector that accepts gets the spans and metrics; one answering 400 fails naming its host', async () => {
  expect((await checkOtlpExport(await doctorContext())).status).toBe('skip');
  const ok = await collector(200);
  const pass = await checkOtlpExport(await doctorContext({ env: { OTEL_EXPORTER_OTLP_ENDPOINT: ok.url } }));
  expect(pass.status, pass.detail).toBe('pass');
  expect(ok.paths.sort()).toEqual(['/v1/metrics', '/v1/traces']);
  const bad = await collector(400);
  const fail = await checkOtlpExport(await doctorContext({ env: { OTEL_EXPORTER_OTLP_ENDPOINT: bad.url } }));
  expect(fail.status).toBe('fail');
  expect(fail.detail).toContain(new URL(bad.url).host);
});

test('settings loaded from a config file reach the checks', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'doctor-cfg-'));
  writeFileSync(join(dir, 'claude-canary.config.ts'), 'export default { budgets: { daily_usd: 1, monthly_usd: 10 } };\n');
  const config = await loadConfig({ cwd: dir, env: {} });
  expect(checkBudgets({ ...(await doctorContext()), config }).status).toBe('pass');
});
