/**
 * The per-probe metrics as Prometheus scrapes them (the real @opentelemetry/exporter-prometheus),
 * and the exported probe rules (`probe_failure`, `probe_absent`, `availability_burn`) evaluated by
 * real `promtool test rules` over those series.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PrometheusExporter, PrometheusSerializer } from '@opentelemetry/exporter-prometheus';
import { MeterProvider } from '@opentelemetry/sdk-metrics';
import { afterAll, describe, expect, it } from 'vitest';
import { hasPromtool, PROMTOOL_MISSING, runPromtool, skipWithoutPromtool } from '../promtool.ts';
import { createProbeInstruments, exportPrometheusRules, PROM, recordProbeResult, registerProbeSeries, resolveAlertRules, type ProbeInstruments } from '../../src/alerts/index.ts';
import { error, result } from './helpers.ts';

const dir = mkdtempSync(join(tmpdir(), 'canary-probe-prom-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function scrape(fill: (i: ProbeInstruments) => void): Promise<string> {
  const exporter = new PrometheusExporter({ preventServerStart: true });
  const provider = new MeterProvider({ readers: [exporter] });
  fill(createProbeInstruments(provider));
  const { resourceMetrics } = await exporter.collect();
  await provider.shutdown();
  return new PrometheusSerializer().serialize(resourceMetrics);
}

const sample = (text: string, name: string, labels: Record<string, string>): number | undefined => {
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`)) continue;
    if (Object.entries(labels).every(([k, v]) => line.includes(`${k}="${v}"`))) return Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return undefined;
};

describe('probe metrics', () => {
  const series = { claude_canary_probe_id: 'checkout', gen_ai_request_model: 'claude-haiku-4-5' };
  const probe = { probe_id: 'checkout', model: 'claude-haiku-4-5' };

  it('a registered series shows every outcome and flag counter at zero, its interval and its last stored run, before any new run', async () => {
    const text = await scrape((i) => registerProbeSeries(i, [{ ...probe, interval_ms: 300_000, last_run_at: 1_700_000_000_000 }]));
    for (const outcome of ['pass', 'fail', 'error', 'skipped']) expect(sample(text, PROM.probeRuns, { ...series, [PROM.label.outcome]: outcome }), outcome).toBe(0);
    for (const flag of ['refusal', 'too_short', 'drift']) expect(sample(text, PROM.probeFlags, { ...series, [PROM.label.flag]: flag }), flag).toBe(0);
    expect(sample(text, PROM.probeInterval, series)).toBe(300);
    expect(sample(text, PROM.probeLastRun, series)).toBe(1_700_000_000);
    expect(sample(text, PROM.probeSuccess, series)).toBeUndefined(); // unknown until a run says
  });

  it('a series taken off the schedule leaves the gauges (Prometheus must not call a retired probe silent)', async () => {
    const text = await scrape((i) => {
      registerProbeSeries(i, [{ ...probe, interval_ms: 300_000, last_run_at: 1_700_000_000_000 }, { probe_id: 'retired', model: 'claude-haiku-4-5', interval_ms: 60_000 }]);
      recordProbeResult(i, result(1_700_000_060_000, { probe_id: 'retired' }));
      registerProbeSeries(i, [{ ...probe, interval_ms: 300_000 }]); // the reload drops "retired"
    });
    const retired = { ...series, claude_canary_probe_id: 'retired' };
    expect(sample(text, PROM.probeInterval, series)).toBe(300);
    expect(sample(text, PROM.probeLastRun, series)).toBe(1_700_000_000); // kept from the first registration
    for (const name of [PROM.probeInterval, PROM.probeLastRun, PROM.probeSuccess]) expect(sample(text, name, retired), name).toBeUndefined();
  });

  it('blackbox-style: probe_success 1/0, last-run seconds, a duration histogram in seconds, one series per flag', async () => {
    const text = await scrape((i) => {
      recordProbeResult(i, result(1_700_000_000_000, { probe_id: 'checkout', latency_ms: 1500 }));
      recordProbeResult(i, result(1_700_000_300_000, { probe_id: 'checkout', outcome: 'fail', flags: ['too_short', 'refusal'], latency_ms: 700 }));
      recordProbeResult(i, result(1_700_000_400_000, { probe_id: 'other', ...error('rate_limited') }));
      recordProbeResult(i, result(1_700_000_600_000, { probe_id: 'checkout', outcome: 'skipped', error_kind: 'budget_exceeded', latency_ms: null }));
    });
    expect(sample(text, PROM.probeSuccess, series)).toBe(0); // the fail, not the later skip
    expect(sample(text, PROM.probeSuccess, { ...series, claude_canary_probe_id: 'other' })).toBe(0);
    expect(sample(text, PROM.probeLastRun, series)).toBe(1_700_000_300); // a skipped run measured nothing
    expect(sample(text, PROM.probeRuns, { ...series, [PROM.label.outcome]: 'fail' })).toBe(1);
    expect(sample(text, PROM.probeRuns, { claude_canary_probe_id: 'other', [PROM.label.outcome]: 'error', error_type: 'rate_limited' })).toBe(1);
    expect(sample(text, PROM.probeFlags, { ...series, [PROM.label.flag]: 'refusal' })).toBe(1);
    expect(sample(text, PROM.probeFlags, { ...series, [PROM.label.flag]: 'too_short' })).toBe(1);
    expect(text).not.toMatch(/flags?="[^"]*,/); // never a comma-joined label
    expect(sample(text, PROM.probeDurationBucket, { ...series, le: '1' })).toBe(1); // 0.7 s
    expect(sample(text, PROM.probeDurationBucket, { ...series, le: '2' })).toBe(2); // and 1.5 s
    expect(sample(text, 'claude_canary_probe_duration_seconds_sum', series)).toBeCloseTo(2.2);
    // Prometheus naming: snake_case, no colons, counters end in _total, seconds in the name.
    for (const name of [PROM.probeRuns, PROM.probeFlags]) expect(name).toMatch(/^[a-z_]+_total$/);
    for (const name of [PROM.probeLastRun, PROM.probeInterval, PROM.probeDurationBucket]) expect(name).toMatch(/_seconds(_bucket)?$/);
  });

  it.skipIf(skipWithoutPromtool)('promtool check metrics finds nothing to lint in the probe series', async () => {
    expect(hasPromtool, PROMTOOL_MISSING).toBe(true);
    const text = await scrape((i) => {
      registerProbeSeries(i, [{ ...probe, interval_ms: 300_000, last_run_at: 1_700_000_000_000 }]);
      recordProbeResult(i, result(1_700_000_000_000, { probe_id: 'checkout', outcome: 'fail', flags: ['refusal'], context_utilisation: 0.3 }));
    });
    const r = runPromtool(['check', 'metrics'], text);
    expect(r.stdout + r.stderr).toBe('');
    expect(r.status).toBe(0);
  });
});

describe('probe rules in promtool', () => {
  const rulesFile = join(dir, 'canary.rules.yml');
  writeFileSync(rulesFile, exportPrometheusRules(resolveAlertRules()));
  const m = (labels: string) => `{${labels}, otel_scope_name="claude-canary"}`;
  const run = (body: string) => {
    const file = join(dir, `t-${Math.random().toString(36).slice(2)}.yml`);
    writeFileSync(file, `rule_files: [${JSON.stringify(rulesFile)}]\nevaluation_interval: 1m\ntests:\n${body}`);
    return runPromtool(['test', 'rules', file]);
  };

  it.skipIf(skipWithoutPromtool)('probe_absent: fires once the last run is two intervals old, and when the daemon is gone altogether', () => {
    expect(hasPromtool, PROMTOOL_MISSING).toBe(true);
    // A 5-minute schedule. The probe runs at 0, 5, 10 and 15 min (the gauge holds the newest run's
    // start, in seconds), then stops; at 25m it is exactly 10 min old (not over), at 26m it is over.
    // A second series keeps running. From 40m the daemon is gone (no samples): once its series go
    // stale (5m), absent() fires with no probe labels.
    const r = run(`  - interval: 1m
    input_series:
      - series: '${PROM.probeLastRun}${m('claude_canary_probe_id="checkout", gen_ai_request_model="m"')}'
        values: '0x4 300x4 600x4 900x25'
      - series: '${PROM.probeInterval}${m('claude_canary_probe_id="checkout", gen_ai_request_model="m"')}'
        values: '300x40'
      - series: '${PROM.probeLastRun}${m('claude_canary_probe_id="steady", gen_ai_request_model="m"')}'
        values: '0+60x40'
      - series: '${PROM.probeInterval}${m('claude_canary_probe_id="steady", gen_ai_request_model="m"')}'
        values: '60x40'
    alert_rule_test:
      - eval_time: 25m
        alertname: probe_absent
        exp_alerts: []
      - eval_time: 26m
        alertname: probe_absent
        exp_alerts:
          - exp_labels: { severity: critical, claude_canary_probe_id: checkout, gen_ai_request_model: m }
            exp_annotations:
              summary: "A probe has produced no result for two of its schedule intervals (value 660)"
              description: "claude-canary rule probe_absent (absence). A series that has never run has no last-run gauge and is not checked here (the embedded engine counts from the monitor start)."
              runbook_url: "docs/runbooks.md#probe-absent"
      - eval_time: 50m
        alertname: probe_absent
        exp_alerts:
          - exp_labels: { severity: critical }
            exp_annotations:
              summary: "A probe has produced no result for two of its schedule intervals (value 1)"
              description: "claude-canary rule probe_absent (absence). A series that has never run has no last-run gauge and is not checked here (the embedded engine counts from the monitor start)."
              runbook_url: "docs/runbooks.md#probe-absent"
`);
    expect(r.stdout + r.stderr).toContain('SUCCESS');
    expect(r.status).toBe(0);
  });

  it.skipIf(skipWithoutPromtool)('probe_failure and availability_burn: assertion failures with no API error fire both; three runs are too few', () => {
    expect(hasPromtool, PROMTOOL_MISSING).toBe(true);
    // Every run of "checkout" fails its assertions (1 a minute); the API itself answers every call.
    // "tiny" failed too but ran only twice in the window: under min_samples 3.
    const zero = (probe: string, outcome: string) => `      - series: '${PROM.probeRuns}${m(`claude_canary_probe_id="${probe}", gen_ai_request_model="m", claude_canary_probe_outcome="${outcome}"`)}'\n        values: '0x90'`;
    const r = run(`  - interval: 1m
    input_series:
${zero('checkout', 'pass')}
${zero('checkout', 'error')}
      - series: '${PROM.probeRuns}${m('claude_canary_probe_id="checkout", gen_ai_request_model="m", claude_canary_probe_outcome="fail"')}'
        values: '0+1x90'
      - series: '${PROM.probeRuns}${m('claude_canary_probe_id="tiny", gen_ai_request_model="m", claude_canary_probe_outcome="fail"')}'
        values: '0x60 1 2 2x28'
    alert_rule_test:
      - eval_time: 2m
        alertname: probe_failure
        exp_alerts: []
      - eval_time: 10m
        alertname: probe_failure
        exp_alerts:
          - exp_labels: { severity: critical, claude_canary_probe_id: checkout, gen_ai_request_model: m }
            exp_annotations:
              summary: "Over half of a probe's runs fail their checks (value 1)"
              description: "claude-canary rule probe_failure (share)."
              runbook_url: "docs/runbooks.md#probe-failure"
      - eval_time: 65m
        alertname: probe_failure
        exp_alerts:
          - exp_labels: { severity: critical, claude_canary_probe_id: checkout, gen_ai_request_model: m }
            exp_annotations:
              summary: "Over half of a probe's runs fail their checks (value 1)"
              description: "claude-canary rule probe_failure (share)."
              runbook_url: "docs/runbooks.md#probe-failure"
      - eval_time: 80m
        alertname: availability_burn
        exp_alerts:
          - exp_labels: { severity: critical, gen_ai_request_model: m }
            exp_annotations:
              summary: "Availability SLO (99.5%) error budget is burning fast (value 1)"
              description: "claude-canary rule availability_burn (slo_burn). Burn rate against a 99.5% availability objective. Probe runs with outcome error or fail spend the budget."
              runbook_url: "docs/runbooks.md#availability-burn"
`);
    expect(r.stdout + r.stderr).toContain('SUCCESS');
    expect(r.status).toBe(0);
  });
});
