import { describe, expect, it } from 'vitest';
import { DEFAULT_SLO, METRICS, sloFromEnv, sloThresholds, BOOKKEEPING_THRESHOLD } from '../../scenarios/load/lib/slo.ts';
import { messagesBody, PROMPTS, requestHeaders, targetFromEnv } from '../../scenarios/load/lib/payloads.ts';

describe('SLO thresholds', () => {
  it('encodes p95, p99 and a hard p99 limit that aborts the run', () => {
    const t = sloThresholds(DEFAULT_SLO);
    expect(t.http_req_duration).toEqual([
      'p(95)<2500',
      'p(99)<5000',
      { threshold: 'p(99)<15000', abortOnFail: true, delayAbortEval: '30s' },
    ]);
  });

  it('holds the error rate soft at 1% and aborts at 10%', () => {
    expect(sloThresholds(DEFAULT_SLO)[METRICS.apiErrors]).toEqual(['rate<0.01', { threshold: 'rate<0.1', abortOnFail: true, delayAbortEval: '30s' }]);
  });

  it('adds the rate-limited share unless disabled, and TTFT only for streaming scripts', () => {
    expect(sloThresholds(DEFAULT_SLO)[METRICS.rateLimited]).toEqual(['rate<0.1']);
    expect(sloThresholds(DEFAULT_SLO, { rateLimited: false })[METRICS.rateLimited]).toBeUndefined();
    expect(sloThresholds(DEFAULT_SLO)[METRICS.ttftMs]).toBeUndefined();
    expect(sloThresholds(DEFAULT_SLO, { streaming: true })[METRICS.ttftMs]).toEqual(['p(95)<2000']);
  });

  it('surfaces a claude_errors sub-metric per error kind with an always-true threshold', () => {
    const t = sloThresholds(DEFAULT_SLO);
    expect(t['claude_errors{kind:rate_limited}']).toEqual([BOOKKEEPING_THRESHOLD]);
    expect(t['claude_errors{kind:malformed_response}']).toEqual([BOOKKEEPING_THRESHOLD]);
    expect(sloThresholds(DEFAULT_SLO, { errorKinds: false })['claude_errors{kind:rate_limited}']).toBeUndefined();
  });

  it('reads overrides from the environment and rejects nonsense', () => {
    const slo = sloFromEnv({ SLO_P95_MS: '1200', SLO_ERROR_RATE: '0.005', SLO_DELAY_ABORT_EVAL: '1m' });
    expect(slo).toMatchObject({ p95Ms: 1200, errorRate: 0.005, delayAbortEval: '1m', p99Ms: 5000 });
    expect(sloThresholds(slo).http_req_duration?.[0]).toBe('p(95)<1200');
    expect(() => sloFromEnv({ SLO_P99_MS: 'fast' })).toThrow(/SLO_P99_MS must be a non-negative number/);
    expect(() => sloFromEnv({ SLO_DELAY_ABORT_EVAL: 'soon' })).toThrow(/k6 duration/);
  });
});

describe('payloads', () => {
  it('builds a Messages body and rotates prompts by seed', () => {
    const a = messagesBody({ seed: 0 });
    const b = messagesBody({ seed: 1 });
    expect(a).toEqual({ model: 'claude-haiku-4-5', max_tokens: 128, messages: [{ role: 'user', content: PROMPTS[0] }] });
    expect(b.messages[0]!.content).toBe(PROMPTS[1]);
    expect(messagesBody({ seed: PROMPTS.length }).messages[0]!.content).toBe(PROMPTS[0]);
    expect('stream' in a).toBe(false);
    expect(messagesBody({ stream: true, model: 'claude-sonnet-4-6', maxTokens: 16 })).toMatchObject({ stream: true, model: 'claude-sonnet-4-6', max_tokens: 16 });
  });

  it('reads the target from the environment, trimming the trailing slash', () => {
    const t = targetFromEnv({ BASE_URL: 'http://127.0.0.1:4010/', HEADERS: '{"authorization":"Bearer x"}', MAX_TOKENS: '64', API_PATH: 'api/chat' });
    expect(t).toEqual({ baseUrl: 'http://127.0.0.1:4010', path: '/api/chat', apiKey: 'sk-canary-sim', model: 'claude-haiku-4-5', maxTokens: 64, extraHeaders: { authorization: 'Bearer x' } });
  });

  it('fails at init on a missing BASE_URL or malformed HEADERS', () => {
    expect(() => targetFromEnv({})).toThrow(/BASE_URL is not set/);
    expect(() => targetFromEnv({ BASE_URL: 'ftp://x' })).toThrow(/http\(s\) URL/);
    expect(() => targetFromEnv({ BASE_URL: 'http://x', HEADERS: '[1]' })).toThrow(/JSON object/);
    expect(() => targetFromEnv({ BASE_URL: 'http://x', HEADERS: '{"a":1}' })).toThrow(/HEADERS.a must be a string/);
    expect(() => targetFromEnv({ BASE_URL: 'http://x', MAX_TOKENS: '0' })).toThrow(/MAX_TOKENS/);
  });

  it('sends version, key and fault headers, and lets the user override them', () => {
    const h = requestHeaders({ apiKey: 'k', extraHeaders: {} }, 'rate_limit; retry_after=1');
    expect(h).toEqual({ 'content-type': 'application/json', 'x-api-key': 'k', 'anthropic-version': '2023-06-01', 'x-canary-fault': 'rate_limit; retry_after=1' });
    expect(requestHeaders({ apiKey: 'k', extraHeaders: { 'x-api-key': 'mine' } })['x-api-key']).toBe('mine');
    expect('x-canary-fault' in requestHeaders({ apiKey: 'k', extraHeaders: {} })).toBe(false);
  });
});

describe('thresholds only name metrics the scripts define', () => {
  // k6 refuses to start when a threshold names a metric that does not exist.
  it('every threshold metric of the Messages scripts is a k6 built-in or a claude_ metric from METRICS', async () => {
    const { faultShareThresholds, DEFAULT_FAULT_MIX } = await import('../../scenarios/load/lib/faults.ts');
    const defined = new Set<string>([...Object.values(METRICS), 'http_req_duration', 'checks', 'dropped_iterations']);
    const all = { ...sloThresholds(DEFAULT_SLO, { streaming: true }), ...faultShareThresholds(DEFAULT_FAULT_MIX, 1000) };
    for (const key of Object.keys(all)) expect(defined.has(key.replace(/\{.*\}$/, '')), key).toBe(true);
  });
});
