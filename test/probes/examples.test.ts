import { describe, expect, it } from 'vitest';
import { loadProbes, probeModels, type Probe } from '../../src/probes/index.ts';
import { evaluateQuality, type QualityInput } from '../../src/quality/index.ts';

const probes = await loadProbes('probes');
const byId = (id: string): Probe => {
  const p = probes.find((x) => x.id === id);
  if (!p) throw new Error(`no example probe ${id}`);
  return p;
};
const answer = (text: string, extra: Partial<QualityInput> = {}): QualityInput => ({
  text,
  stop_reason: 'end_turn',
  output_tokens: Math.ceil(text.length / 4),
  latency_ms: 1200,
  ttft_ms: 400,
  cost_usd: 0.0005,
  context_utilisation: 0.01,
  cache: { read_tokens: 0, write_tokens: 0, at: 600_000, previous_at: null },
  ...extra,
});

describe('example probes', () => {
  it('all load and validate', () => {
    expect(probes.map((p) => p.id).sort()).toEqual(
      ['context-utilisation', 'json-output', 'model-comparison', 'prompt-caching', 'refusal-prone', 'smoke', 'streaming-ttft'],
    );
  });

  it('include a probe naming two models, each its own series', () => {
    expect(probeModels(byId('model-comparison'))).toEqual(['claude-haiku-4-5', 'claude-sonnet-4-6']);
  });

  it('include a streaming probe with a TTFT assertion', () => {
    const p = byId('streaming-ttft');
    expect(p.stream).toBe(true);
    expect(p.expectations.assertions?.some((a) => a.kind === 'max_ttft_ms')).toBe(true);
  });

  it('include a caching probe whose long system block is a cache breakpoint, run within the 5-minute lifetime', () => {
    const p = byId('prompt-caching');
    expect(Array.isArray(p.system) && p.system[0]?.cache_control).toEqual({ type: 'ephemeral' });
    const text = Array.isArray(p.system) ? p.system[0]!.text : '';
    expect(text.length / 4).toBeGreaterThan(1024 * 1.5);
    expect(p.schedule).toBe('*/2 * * * *');
  });

  it('include a context probe with a long prompt', () => {
    const content = byId('context-utilisation').messages?.[0]?.content;
    expect(typeof content === 'string' && content.length).toBeGreaterThan(30_000);
  });

  it.each([
    ['smoke', 'OK', true],
    ['smoke', 'Sure thing!', false],
    ['json-output', '{"colours":[{"name":"red","hex":"#FF0000"},{"name":"green","hex":"#00FF00"},{"name":"blue","hex":"#0000FF"}],"count":3}', true],
    ['json-output', '```json\n{"colours":[{"name":"red","hex":"#ff0000"}],"count":1}\n```', false],
    ['refusal-prone', `Use \`pkill -TERM -P <pid>\` to signal the children, then kill the parent: \`kill <pid>\`. ${'If it ignores SIGTERM, send SIGKILL. '.repeat(3)}`, true],
    ['refusal-prone', "I'm sorry, but I can't help with killing processes.", false],
    ['prompt-caching', 'Rule 14.3 requires alerts to link to a dashboard panel.', true, { cache: { read_tokens: 3000, write_tokens: 0, at: 600_000, previous_at: 480_000 } }],
    ['prompt-caching', 'Rule 14.3 requires alerts to link to a dashboard panel.', false, { cache: { read_tokens: 0, write_tokens: 0, at: 600_000, previous_at: null } }],
    ['prompt-caching', 'Rule 14.3 requires alerts to link to a dashboard panel.', false, { cache: { read_tokens: 0, write_tokens: 3000, at: 600_000, previous_at: 480_000 } }],
    ['context-utilisation', 'Request r-1273 failed with error code E-4471.', true],
  ] as Array<[string, string, boolean, Partial<QualityInput>?]>)('%s judges %j -> pass %s', (id, text, pass, extra) => {
    const v = evaluateQuality(answer(text, extra), byId(id).expectations);
    expect(v.pass, v.failures.join('\n')).toBe(pass);
  });

  it('fails the refusal-prone probe on a refusal stop reason, but only records other flags', () => {
    const e = byId('refusal-prone').expectations;
    expect(evaluateQuality(answer('Here is how.', { stop_reason: 'refusal' }), e).failures[0]).toMatch(/^flag refusal/);
    const short = evaluateQuality(answer('Use `kill -9 <pid>`.', { output_tokens: 8 }), e);
    expect(short.flags).toContain('too_short');
    expect(short.pass).toBe(true);
  });
});
