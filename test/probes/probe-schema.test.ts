import { describe, expect, it } from 'vitest';
import { defineProbe, probeMessages, probeModels, ProbeSchema } from '../../src/probes/index.ts';

const base = { id: 'p', description: 'd', model: 'claude-haiku-4-5', prompt: 'hi' };

describe('ProbeSchema', () => {
  it.each([
    ['a six-field cron with seconds', { schedule: '*/10 * * * * *' }],
    ['a model alias and a dated id', { model: ['claude-haiku-4-5', 'claude-sonnet-4-5-20250929'] }],
    ['messages instead of prompt', { prompt: undefined, messages: [{ role: 'user', content: [{ type: 'text', text: 'hi', cache_control: { type: 'ephemeral', ttl: '1h' } }] }] }],
    ['top-level cache_control', { cache_control: { type: 'ephemeral' } }],
    ['a zod schema in a json assertion', { expectations: { assertions: [{ kind: 'json', schema: ProbeSchema }] } }],
    ['a disabled probe', { enabled: false }],
  ])('accepts %s', (_, extra) => {
    const r = ProbeSchema.safeParse({ ...base, ...extra });
    expect(r.error?.issues ?? []).toEqual([]);
  });

  it.each([
    ['a duplicated model', { model: ['claude-haiku-4-5', 'claude-haiku-4-5-20251001'] }, 'model[1]', /listed twice/],
    ['an upper-case tag', { tags: ['Latency'] }, 'tags[0]', /slugs/],
    ['an unknown cache ttl', { cache_control: { type: 'ephemeral', ttl: '2h' } }, 'cache_control.ttl', /.+/],
    ['an unknown check', { expectations: { checks: { vibes: true } } }, 'expectations.checks', /vibes/],
    ['a non-integer max_tokens', { max_tokens: 1.5 }, 'max_tokens', /expected int/],
  ])('rejects %s', (_, extra, path, message) => {
    const issues = ProbeSchema.safeParse({ ...base, ...extra }).error?.issues ?? [];
    const paths = issues.map((i) => i.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('').replace(/^\./, ''));
    expect(paths).toContain(path);
    expect(issues[paths.indexOf(path)]!.message).toMatch(message);
  });

  it('applies every default', () => {
    expect(ProbeSchema.parse(base)).toEqual({
      ...base,
      schedule: '*/5 * * * *',
      max_tokens: 1024,
      stream: false,
      timeout_ms: 60_000,
      tags: [],
      expectations: {},
      enabled: true,
    });
  });

  it('turns a prompt into one user message and a model into one series', () => {
    const p = ProbeSchema.parse(defineProbe(base));
    expect(probeMessages(p)).toEqual([{ role: 'user', content: 'hi' }]);
    expect(probeModels(p)).toEqual(['claude-haiku-4-5']);
  });
});
