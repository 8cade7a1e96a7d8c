/** `claude-canary alerts` and `rules export`, run as the user runs them (a child process). */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createAlertEngine, DEFAULT_RULES, resolveAlertRules, webhookSink } from '../../src/alerts/index.ts';
import { VirtualClock } from '../../src/shared/clock.ts';
import { error, MIN, result, SEC, tempStore } from './helpers.ts';
import { startReceiver } from './outbox-helpers.ts';

const cli = (...args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', join(import.meta.dirname, '../../src/cli/main.ts'), ...args], { encoding: 'utf8', env: { ...process.env, CANARY_DB: '' } });

const cleanups: Array<() => void> = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

describe('claude-canary alerts', () => {
  it('shows firing and pending alerts with since and values, as a table and as JSON', () => {
    const h = tempStore();
    cleanups.push(h.cleanup);
    const T0 = Date.UTC(2026, 2, 10, 8, 0);
    for (let t = 0; t <= 20 * MIN; t += 10 * SEC) {
      h.store.insertResult(result(T0 + t, t >= 5 * MIN ? error('timeout') : {}));
      h.store.insertResult(result(T0 + t, { model: 'claude-sonnet-4-6', ...(t >= 19 * MIN ? error('server_error') : {}) }));
    }
    const engine = createAlertEngine({ store: h.store, rules: resolveAlertRules().filter((r) => r.id === 'timeout_rate' || r.id === 'api_error_rate') });
    for (let m = 0; m <= 20; m++) engine.evaluate(T0 + m * MIN);
    h.store.close();

    const table = cli('alerts', '--db', h.path);
    expect(table.status).toBe(1); // something is firing
    const lines = table.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^STATE\s+SINCE\s+SEVERITY\s+RULE\s+LABELS\s+VALUE\s+SAMPLES$/);
    expect(lines).toHaveLength(4);
    // Firing first, oldest first: timeout_rate pending at 6m (7 of 30), firing at 8m; api_error_rate pending at 5m, firing at 10m.
    expect(lines[1]).toMatch(/^FIRING\s+2026-03-10T08:08:00Z\s+warning\s+timeout_rate\s+model=claude-haiku-4-5\s+100\.00% \(threshold 5\.00%\)\s+30$/);
    expect(lines[2]).toMatch(/^FIRING\s+2026-03-10T08:10:00Z\s+critical\s+api_error_rate\s+model=claude-haiku-4-5\s+100\.00% \(threshold 1\.00%\)\s+30$/);
    expect(lines[3]).toMatch(/^PENDING\s+2026-03-10T08:19:00Z\s+critical\s+api_error_rate\s+model=claude-sonnet-4-6\s+23\.33% \(threshold 1\.00%\)\s+30$/);

    const json = cli('alerts', '--db', h.path, '--json');
    const parsed = (JSON.parse(json.stdout) as { alerts: Array<{ rule_id: string; state: string; firing_since: string }> }).alerts;
    expect(parsed.map((a) => [a.rule_id, a.state])).toEqual([
      ['timeout_rate', 'firing'],
      ['api_error_rate', 'firing'],
      ['api_error_rate', 'pending'],
    ]);
  });

  it('shows dead letters (sink, notification, attempts, next probe, key, error), as a table and as JSON, and exits 1', async () => {
    const h = tempStore();
    cleanups.push(h.cleanup);
    const T0 = Date.UTC(2026, 2, 10, 8, 0);
    for (let t = 0; t <= 40 * MIN; t += 10 * SEC) h.store.insertResult(result(T0 + t, t >= 5 * MIN && t < 20 * MIN ? error('server_error') : {}));
    const receiver = await startReceiver();
    const clock = new VirtualClock(T0, { autoAdvance: false });
    const rules = resolveAlertRules().filter((r) => r.id === 'api_error_rate');
    const engine = createAlertEngine({ store: h.store, rules, clock, sinks: [webhookSink({ name: 'pager', url: receiver.url })], delivery: { max_attempts: 1 } });
    for (let m = 0; m <= 40; m++) {
      clock.advance(T0 + m * MIN - clock.now());
      if (m === 22) await receiver.close(); // the FIRING went out; the RESOLVED (about 27m) finds nobody
      engine.evaluate();
      await engine.deliverPending();
    }
    await engine.stop();
    h.store.close();

    const table = cli('alerts', '--db', h.path);
    expect(table.status).toBe(1); // nothing firing, but a notification is stuck
    const lines = table.stdout.trim().split('\n');
    expect(lines[0]).toBe('no alerts firing or pending');
    expect(lines[2]).toMatch(/^1 dead letter: not delivered yet; sent again when the sink takes any notification, or at the next probe$/);
    expect(lines[3]).toMatch(/^SINK\s+NOTIFICATION\s+RULE\s+LABELS\s+DEAD SINCE\s+ATTEMPTS\s+NEXT PROBE\s+KEY\s+LAST ERROR$/);
    // Dead at 26m after its one attempt, probed at 31m and 36m (every 5 min), next at 41m.
    expect(lines[4]).toMatch(/^pager\s+RESOLVED\s+api_error_rate\s+model=claude-haiku-4-5\s+2026-03-10T08:26:00Z\s+3\s+2026-03-10T08:41:00Z\s+[0-9a-f]{32}\s+POST 127\.0\.0\.1:\d+ failed: /);

    const json = JSON.parse(cli('alerts', '--db', h.path, '--json').stdout) as { alerts: unknown[]; dead_letters: Array<Record<string, unknown>> };
    expect(json.alerts).toEqual([]);
    expect(json.dead_letters).toEqual([
      expect.objectContaining({ sink: 'pager', status: 'resolved', rule_id: 'api_error_rate', attempts: 3, dead_at: '2026-03-10T08:26:00Z', next_attempt_at: '2026-03-10T08:41:00Z', idempotency_key: expect.stringMatching(/^[0-9a-f]{32}$/) }),
    ]);
  });

  it('fails with a usage error when there is no store', () => {
    const r = cli('alerts', '--db', '/nonexistent/canary.db');
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('no store at /nonexistent/canary.db');
  });
});

describe('claude-canary rules export', () => {
  it('writes the Prometheus rule file, and rejects an unknown format', () => {
    const h = tempStore();
    cleanups.push(h.cleanup);
    const out = join(h.path, '..', 'rules.yml');
    const r = cli('rules', 'export', '--format', 'prometheus', '--out', out, '--runbook-base-url', 'https://example.com/runbooks.md');
    expect(r.status).toBe(0);
    const text = readFileSync(out, 'utf8');
    expect(text.match(/^ {6}- alert: /gm)).toHaveLength(DEFAULT_RULES.length);
    expect(text).toContain('runbook_url: "https://example.com/runbooks.md#availability-burn"');
    const bad = cli('rules', 'export', '--format', 'yaml');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('--format must be one of prometheus');
  });
});
