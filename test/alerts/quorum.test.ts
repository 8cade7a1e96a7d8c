/**
 * Regional and fleet-wide rules over the results of several regions: one alert per region with
 * `group_by: ['region']`, and a quorum rule that fires only when enough regions fail. Both engines:
 * the embedded one on a store, Prometheus through `promtool test rules` on the exported file.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { hasPromtool, PROMTOOL_MISSING, runPromtool, skipWithoutPromtool } from '../promtool.ts';
import { createAlertEngine, exportPrometheusRules, PROM, readAlertStates, resolveAlertRules, type Notification, type Sink } from '../../src/alerts/index.ts';
import { CanaryError } from '../../src/shared/errors.ts';
import type { ProbeResult } from '../../src/shared/types.ts';
import { error, result, SEC, tempStore } from './helpers.ts';

const T0 = Date.UTC(2026, 2, 10, 8, 0);
const cleanups: Array<() => void> = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

const common = { kind: 'share', severity: 'critical', window: '5m', match: { outcomes: ['fail', 'error'] }, threshold: 0.5, min_samples: 3, runbook: 'api-error-rate' } as const;
/** Only these two rules (the defaults disabled by passing an empty base). */
const RULES = resolveAlertRules(
  [
    { ...common, id: 'region_down', summary: 'Probes fail in a region', group_by: ['region'] },
    { ...common, id: 'fleet_down', summary: 'Probes fail in 2 regions or more', quorum: { regions: 2 } },
  ],
  { base: [] },
);

function setup() {
  const h = tempStore();
  cleanups.push(h.cleanup);
  const got: Notification[] = [];
  const sink: Sink = { name: 'rec', deliver: async (n) => void got.push(n) };
  const engine = createAlertEngine({ store: h.store, rules: RULES, sinks: [sink] });
  /** `n` results in `region` over the minute before `at`, all passing or all erroring. */
  const feed = (region: string, at: number, n: number, bad: boolean) => {
    const rs: ProbeResult[] = [];
    for (let i = 0; i < n; i++) rs.push(result(at - (i + 1) * SEC, { region, runner_id: `${region}-1`, ...(bad ? error('server_error') : {}) }));
    h.store.insertResults(rs);
  };
  return { store: h.store, engine, got, feed };
}

describe('regional and quorum rules (embedded engine)', () => {
  it('one failing region of three: the regional rule fires for it alone; the quorum rule stays quiet', async () => {
    const { engine, got, feed, store } = setup();
    feed('us-east', T0, 5, false);
    feed('ap-south', T0, 5, false);
    feed('eu-west', T0, 5, true);
    engine.evaluate(T0);
    await engine.deliverPending();
    expect(got.map((n) => [n.rule_id, n.status, n.labels['region']])).toEqual([['region_down', 'firing', 'eu-west']]);
    expect(readAlertStates(store.db, ['firing']).map((a) => a.label_key)).toEqual([JSON.stringify({ region: 'eu-west' })]);
    // A second evaluation sends nothing new.
    engine.evaluate(T0 + 10 * SEC);
    await engine.deliverPending();
    expect(got).toHaveLength(1);
  });

  it('two failing regions: the quorum rule fires once, for the fleet, naming both', async () => {
    const { engine, got, feed } = setup();
    feed('us-east', T0, 5, false);
    feed('ap-south', T0, 5, true);
    feed('eu-west', T0, 5, true);
    engine.evaluate(T0);
    await engine.deliverPending();
    const fleet = got.filter((n) => n.rule_id === 'fleet_down');
    expect(fleet).toHaveLength(1);
    expect(fleet[0]!.labels).not.toHaveProperty('region');
    expect(fleet[0]!.detail).toBe('failing in 2 of 3 regions (ap-south, eu-west); quorum 2');
    expect(got.filter((n) => n.rule_id === 'region_down').map((n) => n.labels['region']).sort()).toEqual(['ap-south', 'eu-west']);
  });

  it('a region under min_samples does not count toward the quorum', async () => {
    const { engine, got, feed } = setup();
    feed('ap-south', T0, 2, true); // 2 < min_samples 3
    feed('eu-west', T0, 5, true);
    engine.evaluate(T0);
    await engine.deliverPending();
    expect(got.filter((n) => n.rule_id === 'fleet_down')).toEqual([]);
  });

  it('the quorum alert resolves when the regions recover', async () => {
    const { engine, got, feed } = setup();
    feed('ap-south', T0, 5, true);
    feed('eu-west', T0, 5, true);
    engine.evaluate(T0);
    feed('ap-south', T0 + 6 * 60 * SEC, 5, false);
    feed('eu-west', T0 + 6 * 60 * SEC, 5, false);
    engine.evaluate(T0 + 6 * 60 * SEC);
    await engine.deliverPending();
    expect(got.filter((n) => n.rule_id === 'fleet_down').map((n) => n.status)).toEqual(['firing', 'resolved']);
  });

  it('quorum with region in group_by is a configuration error', () => {
    expect(() => resolveAlertRules([{ ...common, id: 'x', summary: 'x', group_by: ['region'], quorum: { regions: 2 } }], { base: [] })).toThrow(CanaryError);
  });
});

describe('regional and quorum rules (Prometheus export)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'canary-quorum-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('the quorum rule counts breaching regions', () => {
    const expr = exportPrometheusRules(RULES);
    expect(expr).toContain(`count (`);
    expect(expr).toContain(`sum by (${PROM.label.region})`);
    expect(expr).toContain(') >= 2');
  });

  it.skipIf(skipWithoutPromtool)('promtool: one failing region fires the regional rule only; a second fires the quorum rule', () => {
    expect(hasPromtool, PROMTOOL_MISSING).toBe(true);
    const rulesFile = join(dir, 'fleet.rules.yml');
    writeFileSync(rulesFile, exportPrometheusRules(RULES));
    const runs = (region: string, outcome: string, perMin: number) =>
      `      - series: '${PROM.probeRuns}{${PROM.label.region}="${region}", claude_canary_probe_id="p", gen_ai_request_model="m", claude_canary_probe_outcome="${outcome}", otel_scope_name="claude-canary"}'\n        values: '0+${perMin}x30'`;
    const test = `
rule_files: [${JSON.stringify(rulesFile)}]
evaluation_interval: 1m
tests:
  - interval: 1m
    input_series:
${runs('us-east', 'pass', 10)}
${runs('ap-south', 'pass', 10)}
${runs('eu-west', 'error', 10)}
    alert_rule_test:
      - eval_time: 10m
        alertname: region_down
        exp_alerts:
          - exp_labels: { severity: critical, ${PROM.label.region}: eu-west }
            exp_annotations:
              summary: "Probes fail in a region (value 1)"
              description: "claude-canary rule region_down (share)."
              runbook_url: "docs/runbooks.md#api-error-rate"
      - eval_time: 10m
        alertname: fleet_down
        exp_alerts: []
  - interval: 1m
    input_series:
${runs('us-east', 'pass', 10)}
${runs('ap-south', 'error', 10)}
${runs('eu-west', 'error', 10)}
    alert_rule_test:
      - eval_time: 10m
        alertname: fleet_down
        exp_alerts:
          - exp_labels: { severity: critical }
            exp_annotations:
              summary: "Probes fail in 2 regions or more (value 2)"
              description: "claude-canary rule fleet_down (share). Fires when at least 2 regions (label ${PROM.label.region}) breach."
              runbook_url: "docs/runbooks.md#api-error-rate"
`;
    const testFile = join(dir, 'fleet.test.yml');
    writeFileSync(testFile, test);
    const r = runPromtool(['test', 'rules', testFile]);
    expect(r.stdout + r.stderr).toContain('SUCCESS');
    expect(r.status).toBe(0);
  });
});
