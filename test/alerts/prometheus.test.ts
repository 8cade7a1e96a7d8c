/**
 * The Prometheus export: names checked against what the daemon's `/metrics` endpoint
 * (PrometheusEndpoint over @opentelemetry/exporter-prometheus) really renders, `promtool check rules` on the file, and `promtool test rules` proving the
 * expressions fire (and stay quiet under the minimum sample count) on synthetic series.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { MeterProvider } from '@opentelemetry/sdk-metrics';
import { afterAll, describe, expect, it } from 'vitest';
import { hasPromtool, PROMTOOL_MISSING, runPromtool, skipWithoutPromtool } from '../promtool.ts';
import { createProbeInstruments, exportPrometheusRules, PROM, recordProbeResult, resolveAlertRules } from '../../src/alerts/index.ts';
import { createInstruments, PrometheusEndpoint } from '../../src/telemetry/index.ts';
import { FLEET_ATTR } from '../../src/telemetry/fleet-attrs.ts';
import { error, result } from './helpers.ts';

const dir = mkdtempSync(join(tmpdir(), 'canary-prom-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function rendered(): Promise<string> {
  const exporter = new PrometheusEndpoint({ port: 0 });
  // A monitor's resource names its runner and region; /metrics puts both on every series.
  const provider = new MeterProvider({ readers: [exporter], resource: resourceFromAttributes({ [FLEET_ATTR.runnerId]: 'runner-1', [FLEET_ATTR.region]: 'eu-west' }) });
  const client = createInstruments(provider);
  const attrs = { 'gen_ai.operation.name': 'chat', 'gen_ai.provider.name': 'anthropic', 'gen_ai.request.model': 'claude-haiku-4-5' };
  client.duration.record(1.2, attrs);
  client.duration.record(0.4, { ...attrs, 'error.type': 'timeout' });
  client.duration.record(0, { ...attrs, 'error.type': 'overloaded', 'claude_canary.circuit_open': true });
  client.errors.add(1, { ...attrs, 'error.type': 'timeout' });
  client.retries.add(1, { ...attrs, 'error.type': 'timeout' });
  client.timeToFirstChunk.record(0.3, attrs);
  client.cost.addCallback((r) => r.observe(0.01, attrs)); // observable: the client reports its sums at collection
  const probe = createProbeInstruments(provider);
  recordProbeResult(probe, result(0, { flags: ['too_short', 'refusal'], context_utilisation: 0.85 }));
  recordProbeResult(probe, result(0, error('rate_limited')));
  // What a scrape gets, through the endpoint's own serializer settings.
  const text = await (await fetch(await exporter.url)).text();
  await provider.shutdown();
  return text;
}

describe('metric names', () => {
  it('every series and label the rules use is what the exporter renders', async () => {
    const text = await rendered();
    const series = new Set(text.split('\n').filter((l) => l && !l.startsWith('#')).map((l) => l.replace(/[{ ].*$/, '')));
    for (const name of [PROM.calls, PROM.durationBucket, PROM.ttftBucket, PROM.ttftCount, PROM.cost, PROM.errors, PROM.retries, PROM.probeRuns, PROM.contextCount, PROM.contextBucket]) {
      expect(series, name).toContain(name);
    }
    for (const label of Object.values(PROM.label)) expect(text).toContain(`${label}="`);
    expect(text).toContain(`${PROM.label.flag}="refusal"`); // one series per flag, never comma-joined
    expect(text).toContain(`${PROM.label.flag}="too_short"`);
    expect(text).toMatch(new RegExp(`${PROM.contextBucket}\\{[^}]*le="0.8"\\} 0`)); // 0.85 is above the 0.8 bucket
    expect(text).toContain('otel_scope_name="claude-canary"'); // toolchain trap 12: aggregations must sum it away
    expect(text).toMatch(new RegExp(`${PROM.probeRuns}\\{[^}]*${PROM.label.region}="eu-west"`)); // fleet rules count by region
    expect(text).toMatch(new RegExp(`${PROM.calls}\\{[^}]*${PROM.label.runnerId}="runner-1"`));
    expect(PROM.calls).toBe('gen_ai_client_operation_duration_seconds_count'); // the unit suffix /metrics adds (0.223 itself adds none)
    expect(PROM.cost).toBe('claude_canary_client_cost_usd_total');
    expect(text).not.toContain('_seconds_seconds'); // 0.223 adds no unit suffix: probe metrics carry `_seconds` in their own names
  });
});

describe('promtool', () => {
  const rulesFile = join(dir, 'canary.rules.yml');
  writeFileSync(rulesFile, exportPrometheusRules(resolveAlertRules()));
  // In CI a missing promtool is a failure, never a skip.
  it.skipIf(skipWithoutPromtool)('checks the exported rules', () => {
    expect(hasPromtool, PROMTOOL_MISSING).toBe(true);
    const r = runPromtool(['check', 'rules', rulesFile]);
    expect(r.stdout + r.stderr).toContain(`SUCCESS: ${resolveAlertRules().length} rules found`);
    expect(r.status).toBe(0);
  });

  it.skipIf(skipWithoutPromtool)('the exported expressions fire on synthetic series and respect min samples', () => {
    expect(hasPromtool, PROMTOOL_MISSING).toBe(true);
    const m = (labels: string) => `{${labels}, otel_scope_name="claude-canary"}`;
    const test = `
rule_files: [${JSON.stringify(rulesFile)}]
evaluation_interval: 1m
tests:
  - interval: 1m
    input_series:
      # busy model: 60 ok + 6 server errors a minute (9.1% errors); quiet model: 1 error a minute, under min_samples
      - series: '${PROM.calls}${m('gen_ai_request_model="busy"')}'
        values: '0+60x30'
      - series: '${PROM.calls}${m('gen_ai_request_model="busy", error_type="server_error"')}'
        values: '0+6x30'
      - series: '${PROM.calls}${m('gen_ai_request_model="quiet", error_type="server_error"')}'
        values: '0+1x30'
      # a probe with 3 refusal-flagged of 13 completed runs a minute (23%)
      - series: '${PROM.probeRuns}${m('claude_canary_probe_id="p", gen_ai_request_model="busy", claude_canary_probe_outcome="fail"')}'
        values: '0+3x30'
      - series: '${PROM.probeFlags}${m('claude_canary_probe_id="p", gen_ai_request_model="busy", claude_canary_probe_flag="refusal"')}'
        values: '0+3x30'
      - series: '${PROM.probeRuns}${m('claude_canary_probe_id="p", gen_ai_request_model="busy", claude_canary_probe_outcome="pass"')}'
        values: '0+10x30'
    alert_rule_test:
      - eval_time: 3m
        alertname: api_error_rate
        exp_alerts: []
      - eval_time: 10m
        alertname: api_error_rate
        exp_alerts:
          - exp_labels: { severity: critical, gen_ai_request_model: busy }
            exp_annotations:
              summary: "API error rate is over 1% (value 0.09091)"
              description: "claude-canary rule api_error_rate (share)."
              runbook_url: "docs/runbooks.md#api-error-rate"
      - eval_time: 20m
        alertname: quality_flag_rate
        exp_alerts:
          - exp_labels: { severity: warning, gen_ai_request_model: busy, claude_canary_probe_id: p }
            exp_annotations:
              summary: "Over 10% of responses are flagged by quality checks (value 0.2308)"
              description: "claude-canary rule quality_flag_rate (share). Counts flags, one series per flag: a run with two of the matched flags counts twice (the embedded engine counts it once)."
              runbook_url: "docs/runbooks.md#quality-flag-rate"
`;
    const testFile = join(dir, 'canary.test.yml');
    writeFileSync(testFile, test);
    const r = runPromtool(['test', 'rules', testFile]);
    expect(r.stdout + r.stderr).toContain('SUCCESS');
    expect(r.status).toBe(0);
  });
});
