import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AssertionSchema, evaluateAssertions, type QualityInput } from '../../src/quality/index.ts';
import { base, one } from './assertion-helpers.ts';


const personSchema = {
  type: 'object',
  required: ['name', 'age'],
  additionalProperties: false,
  properties: { name: { type: 'string', minLength: 1 }, age: { type: 'integer', minimum: 0 }, tags: { type: 'array', items: { type: 'string' } } },
};

const cases: Array<[string, unknown, Partial<QualityInput>, boolean, string]> = [
  ['contains passes', { kind: 'contains', value: 'Paris' }, {}, true, 'expected text to contain "Paris", got "The capital of France is Paris."'],
  ['contains is case-sensitive by default', { kind: 'contains', value: 'paris' }, {}, false, 'expected text to contain "paris"'],
  ['contains can ignore case', { kind: 'contains', value: 'paris', ignore_case: true }, {}, true, 'contain "paris"'],
  ['not_contains fails on a match', { kind: 'not_contains', value: 'France' }, {}, false, 'expected text not to contain "France"'],
  ['not_contains passes', { kind: 'not_contains', value: 'Lyon' }, {}, true, 'not to contain "Lyon"'],
  ['regex passes', { kind: 'regex', pattern: '\\bParis\\b' }, {}, true, 'expected text to match /\\bParis\\b/'],
  ['regex with flags', { kind: 'regex', pattern: '^the', flags: 'i' }, {}, true, '/^the/i'],
  ['regex fails', { kind: 'regex', pattern: '^\\d+$' }, {}, false, 'expected text to match /^\\d+$/, got "The capital'],
  ['json parses', { kind: 'json' }, { text: '{"a":1}' }, true, 'expected valid JSON: ok'],
  ['json does not parse', { kind: 'json' }, { text: 'Sure! {"a":1}' }, false, 'expected valid JSON, got "Sure! {\\"a\\":1}"'],
  ['json unwraps a fence', { kind: 'json' }, { text: '```json\n{"a":1}\n```' }, true, 'ok'],
  ['json fence kept with extract false', { kind: 'json', extract: false }, { text: '```json\n{"a":1}\n```' }, false, 'expected valid JSON'],
  ['json schema subset passes', { kind: 'json', schema: personSchema }, { text: '{"name":"Ada","age":36,"tags":["x"]}' }, true, 'matching the schema: ok'],
  ['json schema subset names each violation', { kind: 'json', schema: personSchema }, { text: '{"name":"","age":-1,"tags":[3],"x":1}' }, false, '$.name: expected length >= 1, got 0; $.age: expected >= 0, got -1; $.tags[0]: expected string, got integer; $: unexpected property "x"'],
  ['json schema missing property', { kind: 'json', schema: personSchema }, { text: '{"name":"Ada"}' }, false, '$: expected property "age"'],
  ['json zod schema passes', { kind: 'json', schema: z.object({ ok: z.boolean() }) }, { text: '{"ok":true}' }, true, 'ok'],
  ['json zod schema fails with path', { kind: 'json', schema: z.object({ ok: z.boolean() }) }, { text: '{"ok":"yes"}' }, false, '$.ok: Invalid input: expected boolean, received string'],
  ['max_latency_ms passes', { kind: 'max_latency_ms', value: 1000 }, {}, true, 'expected latency <= 1000 ms, got 900 ms'],
  ['max_latency_ms fails', { kind: 'max_latency_ms', value: 500 }, {}, false, 'expected latency <= 500 ms, got 900 ms'],
  ['max_ttft_ms fails when not measured', { kind: 'max_ttft_ms', value: 500 }, { ttft_ms: null }, false, 'got none (not measured; set stream: true)'],
  ['max_ttft_ms passes', { kind: 'max_ttft_ms', value: 500 }, {}, true, 'expected time to first token <= 500 ms, got 300 ms'],
  ['max_cost_usd passes', { kind: 'max_cost_usd', value: 0.001 }, {}, true, 'expected cost <= 0.001 USD, got 0.0004 USD'],
  ['max_cost_usd fails for an unpriced model', { kind: 'max_cost_usd', value: 0.001 }, { cost_usd: null }, false, 'model unpriced'],
  ['min_output_tokens fails', { kind: 'min_output_tokens', value: 10 }, {}, false, 'expected at least 10 output tokens, got 8'],
  ['max_output_tokens passes', { kind: 'max_output_tokens', value: 8 }, {}, true, 'expected output tokens <= 8, got 8'],
  ['cache_read passes on a read', { kind: 'cache_read' }, { cache: { read_tokens: 1500, write_tokens: 0, at: 600_000, previous_at: 480_000 } }, true, 'read 1500 cached tokens'],
  ['cache_read passes when the first run warms the cache', { kind: 'cache_read' }, { cache: { read_tokens: 0, write_tokens: 1500, at: 600_000, previous_at: null } }, true, 'none to read yet, this run wrote 1500 tokens'],
  ['cache_read fails when a run inside the lifetime wrote again', { kind: 'cache_read' }, { cache: { read_tokens: 0, write_tokens: 1500, at: 600_000, previous_at: 480_000 } }, false, 'a run 120 s earlier used the cache, but this run read none, and wrote 1500 tokens again'],
  ['cache_read passes when the first run warms the cache, early on a clock that starts at 0', { kind: 'cache_read' }, { cache: { read_tokens: 0, write_tokens: 1500, at: 60_000, previous_at: null } }, true, 'none to read yet, this run wrote 1500 tokens'],
  ['cache_read passes when the earlier use is past the lifetime', { kind: 'cache_read' }, { cache: { read_tokens: 0, write_tokens: 1500, at: 600_000, previous_at: 240_000 } }, true, 'wrote 1500 tokens'],
  ['cache_read honours within_ms', { kind: 'cache_read', within_ms: 3_600_000 }, { cache: { read_tokens: 0, write_tokens: 1500, at: 600_000, previous_at: 240_000 } }, false, 'a run 360 s earlier used the cache'],
  ['cache_read fails when caching is not engaged', { kind: 'cache_read' }, { cache: { read_tokens: 0, write_tokens: 0, at: 600_000, previous_at: null } }, false, 'neither read nor wrote the cache'],
  ['cache_read fails without usage', { kind: 'cache_read' }, {}, false, 'got no usage'],
];

describe('assertions', () => {
  it.each(cases)('%s', (_, assertion, input, pass, reason) => {
    const r = one(assertion, input);
    expect(r.pass).toBe(pass);
    expect(r.reason).toContain(reason);
  });

  it('names assertions by kind and value unless named', () => {
    const results = evaluateAssertions(
      [AssertionSchema.parse({ kind: 'contains', value: 'Paris' }), AssertionSchema.parse({ kind: 'max_cost_usd', value: 1, name: 'cheap' })],
      base,
    );
    expect(results.map((r) => r.name)).toEqual(['contains "Paris"', 'cheap']);
  });

  it.each([
    ['an unknown kind', { kind: 'similar', value: 'x' }],
    ['an invalid regex', { kind: 'regex', pattern: '(' }],
    ['unknown regex flags', { kind: 'regex', pattern: 'a', flags: 'q' }],
    ['an unsupported JSON Schema keyword', { kind: 'json', schema: { type: 'object', oneOf: [] } }],
    ['a negative limit', { kind: 'max_latency_ms', value: -1 }],
    ['an extra field', { kind: 'contains', value: 'x', extra: true }],
  ])('rejects misconfiguration at parse time: %s', (_, assertion) => {
    expect(AssertionSchema.safeParse(assertion).success).toBe(false);
  });
});
