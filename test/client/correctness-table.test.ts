/**
 * The correctness table (#17): the same calls as the peer comparison (plain, streamed, 429 then
 * 200, all 429, cache write, cache read, tool use, thinking) through our client against the
 * simulator, each compared with what the simulator billed (its request journal, read over its
 * admin API `/__canary/requests`): token counts on the call span and in the token histogram,
 * the attributes the GenAI conventions require (and the recommended ones we promise), the span
 * status, HTTP status and error types. Any mismatch fails; the table is printed either way.
 */
import { SpanStatusCode } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { afterAll, expect, test } from 'vitest';
import { textTokens } from '../../mocks/index.ts';
import type { SimLogEntry } from '../../mocks/index.ts';
import type { CallResult, TryCallResult } from '../../src/client/index.ts';
import { harness, params, type Harness } from './helpers.ts';

interface Case {
  name: string;
  /** Faults for this call only. */
  faults?: unknown[];
  run(h: Harness, deltas: { n: number }): Promise<TryCallResult>;
  expect: { ok: boolean; attempts: number; http: number; errorType?: string; providerType?: string; cacheWrite?: boolean; cacheRead?: boolean; thinking?: boolean; tool?: boolean; stream?: boolean };
}

const SYSTEM = [{ type: 'text' as const, text: 'You are a careful assistant. '.repeat(400), cache_control: { type: 'ephemeral' as const } }];
const TOOLS = [{ name: 'get_weather', description: 'Weather for a city', input_schema: { type: 'object' as const, properties: { city: { type: 'string' } }, required: ['city'] } }];

const CASES: Case[] = [
  { name: 'plain', run: (h) => h.client.tryCall(params()), expect: { ok: true, attempts: 1, http: 200 } },
  {
    name: 'streamed',
    run: (h, d) => h.client.tryCall(params({ stream: true }), { onText: () => void d.n++ }),
    expect: { ok: true, attempts: 1, http: 200, stream: true },
  },
  {
    name: '429 then 200',
    faults: [{ kind: 'rate_limit', retry_after: 1, match: { first: 1 } }],
    run: (h) => h.client.tryCall(params()),
    expect: { ok: true, attempts: 2, http: 200 },
  },
  {
    name: 'all 429',
    faults: [{ kind: 'rate_limit', retry_after: 1 }],
    run: (h) => h.client.tryCall(params()),
    expect: { ok: false, attempts: 3, http: 429, errorType: 'rate_limited', providerType: 'rate_limit_error' },
  },
  { name: 'cache write', run: (h) => h.client.tryCall(params({ system: SYSTEM })), expect: { ok: true, attempts: 1, http: 200, cacheWrite: true } },
  { name: 'cache read', run: (h) => h.client.tryCall(params({ system: SYSTEM })), expect: { ok: true, attempts: 1, http: 200, cacheRead: true } },
  {
    name: 'tool use',
    run: (h) => h.client.tryCall(params({ tools: TOOLS, tool_choice: { type: 'any' } })),
    expect: { ok: true, attempts: 1, http: 200, tool: true },
  },
  {
    name: 'thinking',
    run: (h) => h.client.tryCall(params({ max_tokens: 3000, thinking: { type: 'enabled', budget_tokens: 1024 } })),
    expect: { ok: true, attempts: 1, http: 200, thinking: true },
  },
];

/** Required by the conventions (and, for a successful call, the recommended attributes we promise). */
function requiredAttributes(c: Case): string[] {
  const always = ['gen_ai.operation.name', 'gen_ai.provider.name', 'gen_ai.request.model', 'server.address', 'server.port', 'gen_ai.output.type', 'http.response.status_code'];
  const ok = ['gen_ai.response.id', 'gen_ai.response.model', 'gen_ai.response.finish_reasons', 'gen_ai.usage.input_tokens', 'gen_ai.usage.output_tokens', 'gen_ai.usage.cache_creation.input_tokens', 'gen_ai.usage.cache_read.input_tokens'];
  return [
    ...always,
    ...(c.expect.ok ? ok : ['error.type', 'claude_canary.error.kind', 'claude_canary.error.provider_type']),
    ...(c.expect.stream ? ['gen_ai.request.stream', 'gen_ai.response.time_to_first_chunk'] : []),
    ...(c.expect.thinking ? ['gen_ai.usage.reasoning.output_tokens'] : []),
  ];
}

interface Billed {
  input: number;
  output: number;
  cacheWrite: number;
  cacheRead: number;
}

async function journal(h: Harness): Promise<SimLogEntry[]> {
  const res = await h.sim.fetch('https://api.anthropic.com/__canary/requests?path=/v1/messages');
  return ((await res.json()) as { requests: SimLogEntry[] }).requests;
}

function billedOf(entries: SimLogEntry[]): Billed {
  const b: Billed = { input: 0, output: 0, cacheWrite: 0, cacheRead: 0 };
  for (const e of entries) {
    if (!e.usage) continue;
    b.input += e.usage.input_tokens + e.usage.cache_creation_input_tokens + e.usage.cache_read_input_tokens;
    b.output += e.usage.output_tokens;
    b.cacheWrite += e.usage.cache_creation_input_tokens;
    b.cacheRead += e.usage.cache_read_input_tokens;
  }
  return b;
}

/** Sum and count of one histogram's points with these attribute values. */
function histogram(h: Harness, name: string, match: Record<string, unknown> = {}): { sum: number; count: number } {
  let sum = 0;
  let count = 0;
  for (const p of h.tel.points(name)) {
    if (Object.entries(match).every(([k, v]) => p.attributes[k] === v)) {
      sum += p.value;
      count += p.count ?? 0;
    }
  }
  return { sum, count };
}

const rows: string[][] = [];
afterAll(() => {
  const head = ['case', 'attempts', 'http', 'span status', 'error.type / provider', 'input span/billed', 'output span/billed', 'cache w', 'cache r', 'reasoning', 'missing attrs', 'verdict'];
  const all = [head, ...rows];
  const widths = head.map((_, i) => Math.max(...all.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]) => `| ${r.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  console.log(['', 'Correctness table (#17): our client vs what the simulator billed', line(head), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n'));
});

test('every case: token counts equal what the simulator billed, required attributes present, right status and error types', async () => {
  const h = await harness(undefined, { chunkTiming: true });
  const problems: string[] = [];
  try {
    for (const c of CASES) {
      h.sim.sim.setPlan({ faults: (c.faults ?? []) as never });
      await h.sim.fetch('https://api.anthropic.com/__canary/requests', { method: 'DELETE' });
      h.tel.reset();
      await h.tel.flush();
      const before = {
        input: histogram(h, 'gen_ai.client.token.usage', { 'gen_ai.token.type': 'input' }),
        output: histogram(h, 'gen_ai.client.token.usage', { 'gen_ai.token.type': 'output' }),
        chunks: histogram(h, 'gen_ai.client.operation.time_per_output_chunk'),
      };
      const deltas = { n: 0 };
      const r = await c.run(h, deltas);
      await h.tel.flush();
      const entries = await journal(h);
      const billed = billedOf(entries);
      const call = h.tel.spans().find((s: ReadableSpan) => s.name.startsWith('chat '))!;
      const a = call.attributes;
      const bad: string[] = [];
      const check = (what: string, actual: unknown, expected: unknown) => {
        if (actual !== expected) bad.push(`${what}: ${String(actual)} != ${String(expected)}`);
      };
      const missing = requiredAttributes(c).filter((k) => a[k] === undefined);
      if (missing.length) bad.push(`missing ${missing.join(', ')}`);
      check('outcome', r.ok, c.expect.ok);
      check('attempts (journal)', entries.length, c.expect.attempts);
      check('attempts (span)', a['claude_canary.attempts'], c.expect.attempts);
      check('http.response.status_code', a['http.response.status_code'], c.expect.http);
      check('span status', call.status.code, c.expect.ok ? SpanStatusCode.UNSET : SpanStatusCode.ERROR);
      check('error.type', a['error.type'], c.expect.errorType);
      check('claude_canary.error.kind', a['claude_canary.error.kind'], c.expect.errorType);
      check('claude_canary.error.provider_type', a['claude_canary.error.provider_type'], c.expect.providerType);
      const inHist = histogram(h, 'gen_ai.client.token.usage', { 'gen_ai.token.type': 'input' });
      const outHist = histogram(h, 'gen_ai.client.token.usage', { 'gen_ai.token.type': 'output' });
      const duration = h.tel.points('gen_ai.client.operation.duration');
      check('duration points with error.type', duration.filter((p) => p.attributes['error.type'] === c.expect.errorType).length > 0, true);
      let reasoning = '-';
      if (c.expect.ok) {
        check('gen_ai.usage.input_tokens', a['gen_ai.usage.input_tokens'], billed.input);
        check('gen_ai.usage.output_tokens', a['gen_ai.usage.output_tokens'], billed.output);
        check('gen_ai.usage.cache_creation.input_tokens', a['gen_ai.usage.cache_creation.input_tokens'], billed.cacheWrite);
        check('gen_ai.usage.cache_read.input_tokens', a['gen_ai.usage.cache_read.input_tokens'], billed.cacheRead);
        check('token histogram input', inHist.sum - before.input.sum, billed.input);
        check('token histogram output', outHist.sum - before.output.sum, billed.output);
        check('cache write seen', billed.cacheWrite > 0, !!c.expect.cacheWrite);
        check('cache read seen', billed.cacheRead > 0, !!c.expect.cacheRead);
        const res = r as CallResult & { ok: true };
        check('finish reason', (a['gen_ai.response.finish_reasons'] as string[] | undefined)?.[0], res.message.stop_reason);
        if (c.expect.tool) check('tool_use stop', res.message.stop_reason, 'tool_use');
        const thinking = res.message.content.find((b) => b.type === 'thinking');
        if (c.expect.thinking) {
          // The simulator's own count of the thinking text it generated (tokens.ts), not our arithmetic.
          const expected = textTokens(thinking && thinking.type === 'thinking' ? thinking.thinking : '');
          check('gen_ai.usage.reasoning.output_tokens', a['gen_ai.usage.reasoning.output_tokens'], expected);
          check('reasoning > 0', expected > 0, true);
          reasoning = `${String(a['gen_ai.usage.reasoning.output_tokens'])}/${expected}`;
        } else check('no reasoning attribute without thinking', a['gen_ai.usage.reasoning.output_tokens'], undefined);
        if (c.expect.stream) check('time_per_output_chunk values', histogram(h, 'gen_ai.client.operation.time_per_output_chunk').count - before.chunks.count, deltas.n - 1);
      } else {
        check('no usage on a call nothing billed', a['gen_ai.usage.input_tokens'], undefined);
        check('no tokens recorded for a failed call', inHist.count - before.input.count, 0);
        check('nothing billed', billed.input + billed.output, 0);
      }
      rows.push([
        c.name,
        String(a['claude_canary.attempts']),
        String(a['http.response.status_code']),
        call.status.code === SpanStatusCode.ERROR ? 'ERROR' : 'UNSET',
        c.expect.ok ? '-' : `${String(a['error.type'])} / ${String(a['claude_canary.error.provider_type'])}`,
        `${String(a['gen_ai.usage.input_tokens'] ?? '-')}/${billed.input}`,
        `${String(a['gen_ai.usage.output_tokens'] ?? '-')}/${billed.output}`,
        `${String(a['gen_ai.usage.cache_creation.input_tokens'] ?? '-')}/${billed.cacheWrite}`,
        `${String(a['gen_ai.usage.cache_read.input_tokens'] ?? '-')}/${billed.cacheRead}`,
        reasoning,
        missing.join(', ') || '-',
        bad.length ? 'FAIL' : 'ok',
      ]);
      for (const b of bad) problems.push(`${c.name}: ${b}`);
    }
  } finally {
    await h.close();
  }
  expect(problems).toEqual([]);
});
