import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { detectFormat, parseK6Summary, parseMetricKey, SummaryFormatError, thresholdObserved } from '../../src/load/summary.ts';
import { loadView } from '../../src/load/view.ts';

const fixture = (name: string): unknown => JSON.parse(readFileSync(new URL(`../fixtures/k6/${name}`, import.meta.url), 'utf8'));

describe('k6 summary parsing', () => {
  it('tells the three shapes apart', () => {
    expect(detectFormat(fixture('steady.summary-export.json'))).toBe('summary-export');
    expect(detectFormat(fixture('soak-faults.handle-summary.json'))).toBe('handle-summary');
    expect(detectFormat({ version: '1.0.0', results: { passed: true, metrics: [] } })).toBe('machine-readable');
    expect(() => detectFormat({ hello: 1 })).toThrow(SummaryFormatError);
    expect(() => detectFormat([])).toThrow(/JSON object/);
  });

  it('reads --summary-export thresholds inverted: false means passed, true means failed', () => {
    const s = parseK6Summary({ metrics: { http_req_duration: { avg: 1, 'p(95)': 900, thresholds: { 'p(95)<500': true, 'p(95)<2500': false } } } });
    expect(s.thresholds).toEqual([
      { metric: 'http_req_duration', expression: 'p(95)<500', ok: false },
      { metric: 'http_req_duration', expression: 'p(95)<2500', ok: true },
    ]);
    expect(s.passed).toBe(false);
  });

  it('reads handleSummary thresholds from { ok }', () => {
    const s = parseK6Summary({ metrics: { checks: { type: 'rate', contains: 'default', values: { rate: 0.5, passes: 1, fails: 1 }, thresholds: { 'rate>0.99': { ok: false } } } } });
    expect(s.thresholds).toEqual([{ metric: 'checks', expression: 'rate>0.99', ok: false }]);
    expect(s.metrics.get('checks')!.type).toBe('rate');
  });

  it('normalises summary-export metrics: rate "value" becomes "rate", types are inferred', () => {
    const s = parseK6Summary(fixture('steady.summary-export.json'));
    expect(s.metrics.get('http_req_failed')).toMatchObject({ type: 'rate', values: { rate: 0, passes: 0, fails: 2400 } });
    expect(s.metrics.get('http_reqs')!.type).toBe('counter');
    expect(s.metrics.get('vus')!.type).toBe('gauge');
    expect(s.metrics.get('http_req_duration')!.type).toBe('trend');
    expect(s.checks).toEqual([
      { name: 'status is 200', passes: 2400, fails: 0 },
      { name: 'response is a complete message', passes: 2400, fails: 0 },
      { name: 'usage reports output tokens', passes: 2400, fails: 0 },
    ]);
    // No duration in this format: derived from the request count and rate.
    expect(s.durationMs).toBeCloseTo(120_412, 0);
    expect(s.passed).toBe(true);
  });

  it('reads the machine-readable format, including { matches, total } rates', () => {
    const s = parseK6Summary({
      version: '1.0.0',
      metadata: { generatedAt: '2026-11-29T10:00:00Z', k6Version: '2.3.0' },
      config: { execution: 'local', script: 'steady.ts', duration: 60 },
      results: {
        passed: false,
        metrics: [
          { name: 'http_reqs', type: 'counter', contains: 'default', category: 'http', values: { count: 600, rate: 10 } },
          { name: 'http_req_failed', type: 'rate', contains: 'default', category: 'http', values: { matches: 6, total: 600, rate: 0.01 } },
        ],
        checks: { metrics: [], results: [{ name: 'status is 200', passes: 594, fails: 6 }] },
      },
    });
    expect(s).toMatchObject({ format: 'machine-readable', passed: false, durationMs: 60_000, k6Version: '2.3.0', script: 'steady.ts', thresholds: [] });
    expect(s.metrics.get('http_req_failed')!.values).toMatchObject({ passes: 6, fails: 594, rate: 0.01 });
    expect(s.checks).toEqual([{ name: 'status is 200', passes: 594, fails: 6 }]);
  });

  it('splits sub-metric keys into base and tags', () => {
    expect(parseMetricKey('claude_errors{kind:rate_limited}')).toEqual({ base: 'claude_errors', tags: { kind: 'rate_limited' } });
    expect(parseMetricKey('http_req_duration{expected_response:true,name:messages}')).toEqual({ base: 'http_req_duration', tags: { expected_response: 'true', name: 'messages' } });
    expect(parseMetricKey('http_reqs')).toEqual({ base: 'http_reqs', tags: {} });
  });

  it('finds the observed value behind a threshold expression', () => {
    const s = parseK6Summary(fixture('steady.summary-export.json'));
    const p95 = s.thresholds.find((t) => t.expression === 'p(95)<2500')!;
    expect(thresholdObserved(s, p95)).toBe(1842.226);
  });
});

describe('load view', () => {
  it('computes the steady run figures', () => {
    const v = loadView(parseK6Summary(fixture('steady.summary-export.json')));
    expect(v).toMatchObject({ passed: true, requests: 2400, errorRate: 0, rateLimitedShare: 0, inputTokens: 45_600, outputTokens: 248_316, faults: [] });
    expect(v.latency).toMatchObject({ med: 968.551, p95: 1842.226, p99: 2411.873 });
    expect(v.ttft.p95).toBe(1158.2);
    expect(v.costUsd).toBeCloseTo(1.28718, 6);
  });

  it('lines up injected and observed shares per fault in the soak', () => {
    const v = loadView(parseK6Summary(fixture('soak-faults.handle-summary.json')));
    const rl = v.faults.find((f) => f.fault === 'rate_limit')!;
    expect(rl).toMatchObject({ injectedCount: 306, expectedKind: 'rate_limited', detectedRate: 1 });
    expect(rl.injectedShare).toBeCloseTo(0.051, 6);
    expect(rl.observedShare).toBeCloseTo(0.051, 6);
    expect(v.faults[0]!.fault).toBe('none');
    expect(v.errorsByKind[0]).toEqual({ kind: 'rate_limited', count: 306 });
  });
});
