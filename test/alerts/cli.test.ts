/** `claude-canary alerts` and `rules export`, run as the user runs them (a child process). */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createAlertEngine, DEFAULT_RULES, resolveAlertRules } from '../../src/alerts/index.ts';
import { error, MIN, result, SEC, tempStore } from './helpers.ts';

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
    const parsed = JSON.parse(json.stdout) as Array<{ rule_id: string; state: string; firing_since: string }>;
    expect(parsed.map((a) => [a.rule_id, a.state])).toEqual([
      ['timeout_rate', 'firing'],
      ['api_error_rate', 'firing'],
      ['api_error_rate', 'pending'],
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
