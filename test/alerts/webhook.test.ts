/**
 * A real webhook receiver on 127.0.0.1 that is first down (connection refused), then answers
 * 500, then works: every notification arrives exactly once per idempotency key, in order,
 * and the receiver's dedup never has to drop a duplicate delivered after a success.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createAlertEngine, resolveAlertRules, slackPayload, slackSink, webhookSink, type Notification } from '../../src/alerts/index.ts';
import { VirtualClock } from '../../src/shared/clock.ts';
import { error, MIN, result, SEC, tempStore } from './helpers.ts';

const T0 = Date.UTC(2026, 2, 10, 8, 0);
const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

interface Receiver {
  server: Server;
  /** Bodies accepted, in order (first delivery of each key). */
  accepted: Array<Record<string, unknown>>;
  /** Requests whose key had already been accepted. */
  duplicates: number;
  requests: number;
  headerKeys: string[];
  mode: 'ok' | 'fail' | 'hang';
}

const readBody = (req: IncomingMessage) =>
  new Promise<string>((resolve) => {
    let s = '';
    req.on('data', (c: Buffer) => (s += c.toString()));
    req.on('end', () => resolve(s));
  });

async function listen(port = 0): Promise<Receiver> {
  const seen = new Set<string>();
  const r: Receiver = { server: createServer(), accepted: [], duplicates: 0, requests: 0, headerKeys: [], mode: 'ok' };
  r.server.on('request', async (req, res) => {
    const body = JSON.parse(await readBody(req)) as Record<string, unknown>;
    r.requests++;
    if (r.mode === 'hang') return; // never answers
    if (r.mode === 'fail') return void res.writeHead(500).end('boom');
    const key = String(req.headers['idempotency-key']);
    r.headerKeys.push(key);
    if (seen.has(key)) r.duplicates++;
    else {
      seen.add(key);
      r.accepted.push(body);
    }
    res.writeHead(202).end();
  });
  await new Promise<void>((resolve) => r.server.listen(port, '127.0.0.1', resolve));
  cleanups.push(() => new Promise((resolve) => { r.server.closeAllConnections(); r.server.close(resolve); }));
  return r;
}

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  const { port } = s.address() as AddressInfo;
  await new Promise((resolve) => s.close(resolve));
  return port;
}

function setup(url: string, sinkKind: 'webhook' | 'slack' = 'webhook', timeout_ms = 2000, max_attempts = 10) {
  const h = tempStore();
  cleanups.push(h.cleanup);
  const clock = new VirtualClock(T0, { autoAdvance: false });
  const rules = resolveAlertRules([{ id: 'api_error_rate', group_by: ['model', 'probe_id'] }]).filter((r) => r.id === 'api_error_rate');
  const sink = sinkKind === 'webhook' ? webhookSink({ name: 'hook', url }) : slackSink({ name: 'slack', url });
  const engine = createAlertEngine({ store: h.store, rules, sinks: [sink], clock, random: () => 0.5, delivery: { base_backoff_ms: 1000, max_backoff_ms: 8000, timeout_ms, max_attempts } });
  cleanups.push(() => engine.stop());
  // Two probes fail from 5m to 30m: two alerts, each firing then resolved = 4 notifications.
  for (let t = 0; t < 60 * MIN; t += 10 * SEC) {
    const bad = t >= 5 * MIN && t < 30 * MIN;
    h.store.insertResults([result(T0 + t, bad ? error('server_error') : {}), result(T0 + t, { probe_id: 'json', ...(bad ? error('overloaded') : {}) })]);
  }
  return { h, clock, engine };
}

describe('webhook delivery through the outbox', () => {
  it('a receiver that is down, then failing, then up gets every notification exactly once', async () => {
    const port = await freePort();
    const { h, clock, engine } = setup(`http://127.0.0.1:${port}/hook`, 'webhook', 2000, 100);
    let receiver: Receiver | undefined;
    const statuses = () => h.store.db.prepare('SELECT status, attempts FROM alert_outbox ORDER BY id').all() as Array<{ status: string; attempts: number }>;

    for (let m = 0; m <= 60; m++) {
      clock.advance(T0 + m * MIN - clock.now());
      engine.evaluate();
      if (m === 20) receiver = await listen(port).then((r) => ((r.mode = 'fail'), r)); // up, but 500s
      if (m === 25) receiver!.mode = 'ok';
      for (let i = 0; i < 6; i++) {
        await engine.deliverPending();
        clock.advance(SEC); // backoffs of a few seconds come due inside the minute
      }
      if (m === 15) {
        // Down: connection refused, attempts counted, nothing delivered, evaluation went on.
        expect(statuses().map((s) => s.status)).toEqual(['pending', 'pending']);
        // Per-sink FIFO: the head is retried with backoff, the row behind it waits its turn.
        expect(statuses()[0]!.attempts).toBeGreaterThan(1);
        expect(statuses()[1]!.attempts).toBe(0);
      }
    }
    const got = receiver!.accepted as unknown as Notification[];
    expect(got.map((n) => `${n.status} ${n.labels['probe_id']}`).sort()).toEqual(['firing json', 'firing smoke', 'resolved json', 'resolved smoke']);
    for (const probe of ['json', 'smoke']) {
      expect(got.filter((n) => n.labels['probe_id'] === probe).map((n) => n.status)).toEqual(['firing', 'resolved']);
    }
    expect(new Set(got.map((n) => n.idempotency_key)).size).toBe(4);
    expect(receiver!.duplicates).toBe(0);
    expect(got.every((n, i) => receiver!.headerKeys[i] === n.idempotency_key)).toBe(true);
    expect(receiver!.requests).toBeGreaterThan(4); // the 500s were really retried
    expect(statuses().map((s) => s.status)).toEqual(['delivered', 'delivered', 'delivered', 'delivered']);
  });

  it('a hanging receiver times out on the injected clock and does not block evaluation', async () => {
    const receiver = await listen();
    receiver.mode = 'hang';
    const { port } = receiver.server.address() as AddressInfo;
    const { h, clock, engine } = setup(`http://127.0.0.1:${port}/hook`, 'webhook', 5000);
    for (let m = 0; m <= 10; m++) engine.evaluate(T0 + m * MIN);
    clock.advance(10 * MIN);
    const round = engine.deliverPending();
    // Evaluation is synchronous and never waits on delivery.
    expect(engine.evaluate(T0 + 11 * MIN)).toEqual([]);
    while (receiver.requests === 0) await new Promise((r) => setTimeout(r, 5));
    clock.advance(5000);
    expect(await round).toMatchObject({ delivered: 0, retrying: 1, dead: 0 });
    const row = h.store.db.prepare('SELECT attempts, last_error, next_attempt_at FROM alert_outbox').get() as { attempts: number; last_error: string; next_attempt_at: number };
    expect(row.attempts).toBe(1);
    expect(row.last_error).toMatch(/timed out after 5000 ms/);
    expect(row.next_attempt_at).toBe(clock.now() + 750); // 1 s backoff, equal jitter at draw 0.5
  });

  it('dead-letters at once on a permanent 4xx', async () => {
    const receiver = await listen();
    const { port } = receiver.server.address() as AddressInfo;
    receiver.server.removeAllListeners('request');
    receiver.server.on('request', (_req, res) => res.writeHead(404).end('no such hook'));
    const { h, clock, engine } = setup(`http://127.0.0.1:${port}/gone`);
    for (let m = 0; m <= 10; m++) engine.evaluate(T0 + m * MIN);
    clock.advance(10 * MIN);
    expect(await engine.deliverPending()).toMatchObject({ delivered: 0, retrying: 0, dead: 2 });
    expect(h.store.db.prepare('SELECT DISTINCT status, last_error FROM alert_outbox').all()).toEqual([{ status: 'dead', last_error: 'POST 127.0.0.1:' + port + ' answered 404: no such hook' }]);
  });
});

describe('dead letters', () => {
  it('dead-letters after max_attempts 500s, then moves on to the next notification', async () => {
    const receiver = await listen();
    receiver.mode = 'fail';
    const { port } = receiver.server.address() as AddressInfo;
    const { h, clock, engine } = setup(`http://127.0.0.1:${port}/hook`, 'webhook', 2000, 3);
    for (let m = 0; m <= 10; m++) engine.evaluate(T0 + m * MIN);
    clock.advance(10 * MIN);
    const reports = [];
    for (let i = 0; i < 5; i++) {
      reports.push(await engine.deliverPending());
      clock.advance(8000);
    }
    // Round 3 kills the first and tries the second at once; the second dies in round 5.
    expect(reports.map((r) => r.dead)).toEqual([0, 0, 1, 0, 1]);
    expect(receiver.requests).toBe(6); // 3 attempts each, none beyond
    expect(h.store.db.prepare('SELECT status, attempts FROM alert_outbox').all()).toEqual([
      { status: 'dead', attempts: 3 },
      { status: 'dead', attempts: 3 },
    ]);
  });
});

describe('slack sink', () => {
  it('posts an incoming-webhook payload with severity, values, labels and the runbook link', async () => {
    const receiver = await listen();
    const { port } = receiver.server.address() as AddressInfo;
    const { clock, engine } = setup(`http://127.0.0.1:${port}/services/T/B/X`, 'slack');
    for (let m = 0; m <= 10; m++) engine.evaluate(T0 + m * MIN);
    clock.advance(10 * MIN);
    await engine.deliverPending();
    const body = receiver.accepted[0] as { text: string; blocks: Array<{ type: string; text?: { text: string }; fields?: Array<{ text: string }>; elements?: Array<{ text: string }> }> };
    expect(body.text).toMatch(/^:rotating_light: FIRING \[critical\] api_error_rate: API error rate is over 1% \(model=claude-haiku-4-5 probe_id=(smoke|json)\): 100\.00% vs 1\.00%$/);
    expect(body.blocks.map((b) => b.type)).toEqual(['header', 'section', 'section', 'context']);
    expect(body.blocks[1]!.fields!.map((f) => f.text)).toContain('*Severity*\ncritical');
    expect(body.blocks[1]!.fields!.map((f) => f.text)).toContain('*Value*\n100.00% (threshold 1.00%)');
    expect(body.blocks[2]!.text!.text).toBe('<docs/runbooks.md#api-error-rate|Runbook: api_error_rate>');
    expect(body.blocks[3]!.elements![0]!.text).toContain(receiver.headerKeys[0]);
  });

  it('formats a resolved notification with a check mark', () => {
    const p = slackPayload({
      version: 1, idempotency_key: 'k', status: 'resolved', rule_id: 'daily_spend', kind: 'calendar_sum', severity: 'warning',
      summary: 'Daily canary spend reached its budget', labels: { alertname: 'daily_spend', severity: 'warning' }, value: 1.5,
      value_text: '$1.50', threshold: 5, threshold_text: '$5.00', samples: 30, detail: null, firing_since: 'a', at: 'b', runbook_url: 'r#daily-spend',
    });
    expect(p.text).toBe(':white_check_mark: RESOLVED [warning] daily_spend: Daily canary spend reached its budget: $1.50 vs $5.00');
  });
});
