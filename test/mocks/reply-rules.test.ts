import type { Tool } from '@anthropic-ai/sdk/resources/messages';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createSimulator, NO_LATENCY, type FaultPlan } from '../../src/sim.ts';
import { CanaryError } from '../../src/shared/errors.ts';
import { TRANSPORTS, type SimHandle } from './sim-transports.ts';

const LOOKUP: Tool = { name: 'lookup_order', input_schema: { type: 'object', properties: { id: { type: 'string' } } } };

const PLAN: FaultPlan = {
  faults: [],
  replies: [
    { name: 'sonnet-only', when: { model: 'claude-sonnet-4-6', last_user: { contains: 'status' } }, reply: { text: 'All systems nominal (sonnet).' } },
    { name: 'status', when: { last_user: { contains: 'STATUS', ignore_case: true } }, reply: { json: { status: 'ok', checks: 3 } } },
    { name: 'order', when: { last_user: { regex: 'order #(\\d+)' }, tools: ['lookup_order'] }, reply: { text: 'Let me look that up.', tool_use: { name: 'lookup_order', input: { id: '1234' } } } },
    { name: 'pirate', when: { system: { contains: 'pirate' } }, reply: { text: 'Arr, matey', stop_reason: 'max_tokens' } },
  ],
};

describe.each(TRANSPORTS)('reply rules, %s', (_name, start) => {
  let h: SimHandle;
  beforeAll(async () => {
    h = await start({ plan: PLAN });
  });
  afterAll(() => h.close());
  const create = (p: Record<string, unknown>) => h.sdk().messages.create({ model: 'claude-haiku-4-5', max_tokens: 200, ...p } as never);
  const user = (content: string) => ({ messages: [{ role: 'user', content }] });

  test('first matching rule wins: model + contains before the case-insensitive json rule; aliases resolve', async () => {
    const s = await create({ model: 'claude-sonnet-4-6', ...user('what is the status?') });
    expect(s.content).toEqual([{ type: 'text', text: 'All systems nominal (sonnet).' }]);
    const j = await create(user('Status please'));
    expect(j.content).toEqual([{ type: 'text', text: '{"status":"ok","checks":3}' }]);
    expect(j.stop_reason).toBe('end_turn');
    expect(h.sim.journal().slice(-2).map((e) => e.reply_rule)).toEqual(['sonnet-only', 'status']);
  });

  test('regex and offered tools: text then a tool_use block, stop_reason tool_use, streamed alike', async () => {
    const p = { tools: [LOOKUP], ...user('Where is order #1234?') };
    const m = await create(p);
    expect(m.stop_reason).toBe('tool_use');
    expect(m.content).toEqual([
      { type: 'text', text: 'Let me look that up.' },
      { type: 'tool_use', id: expect.stringMatching(/^toolu_01/), name: 'lookup_order', input: { id: '1234' }, caller: { type: 'direct' } },
    ]);
    const f = await h.sdk().messages.stream({ model: 'claude-haiku-4-5', max_tokens: 200, ...p } as never).finalMessage();
    expect(f.content[1]).toMatchObject({ type: 'tool_use', input: { id: '1234' } });
    expect(f.usage).toEqual(m.usage);
    // Without the tool offered, the rule does not match: generated text instead.
    const plain = await create(user('Where is order #1234?'));
    expect(plain.content.map((b) => b.type)).toEqual(['text']);
    expect(plain.stop_reason).toBe('end_turn');
  });

  test('a system-prompt rule with a stop reason; no rule matching: the grounded reply as before', async () => {
    const m = await create({ system: 'You are a pirate.', ...user('hello') });
    expect(m.content).toEqual([{ type: 'text', text: 'Arr, matey' }]);
    expect(m.stop_reason).toBe('max_tokens');
    const g = await create(user('Reply with exactly: pong'));
    expect(g.content).toEqual([{ type: 'text', text: 'pong' }]);
    expect(h.sim.journal().at(-1)!.reply_rule).toBeUndefined();
  });

  test('a ruled text longer than max_tokens is cut, with stop_reason max_tokens', async () => {
    h.sim.setPlan({ faults: [], replies: [{ reply: { text: 'word '.repeat(100) } }] });
    const m = await create({ max_tokens: 5, ...user('anything') });
    expect(m.content).toEqual([{ type: 'text', text: 'word word word word ' }]);
    expect(m.stop_reason).toBe('max_tokens');
    expect(m.usage.output_tokens).toBe(5);
    h.sim.setPlan(PLAN);
  });
});

test('rules are validated strictly: unknown fields, a bad regex, an empty reply, each named with its path', () => {
  const bad = {
    faults: [],
    replies: [
      { when: { last_user: { regexp: 'x' } }, reply: { text: 'a' } },
      { when: { system: { regex: '[' } }, reply: { text: 'a' } },
      { reply: {} },
      { reply: { tool_use: { input: {} } } },
    ],
  };
  try {
    createSimulator({ latency: NO_LATENCY, plan: bad as never });
    expect.unreachable();
  } catch (e) {
    expect(e).toBeInstanceOf(CanaryError);
    const got = (e as CanaryError).problems.map((p) => `${p.path}: ${p.message}`);
    expect(got).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^replies\[0\]\.when\.last_user: .*regexp/),
        'replies[1].when.system.regex: not a valid regular expression',
        'replies[2].reply: give at least one of text, json, tool_use, stop_reason',
        expect.stringMatching(/^replies\[3\]\.reply\.tool_use\.name: /),
      ]),
    );
  }
});
