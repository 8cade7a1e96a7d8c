/**
 * Assertions at their edges: each limit exactly at and just past its value, each reason word for
 * word, the default names, and what the schema accepts and refuses at load time.
 */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AssertionSchema, assertionName, CACHE_READ_WITHIN_MS, evaluateAssertions, type QualityInput } from '../../src/quality/index.ts';
import { base, one as judge } from './assertion-helpers.ts';

/** The verdict alone: pass and reason. */
function verdict(assertion: unknown, input: Partial<QualityInput> = {}) {
  const { pass, reason } = judge(assertion, input);
  return { pass, reason };
}

describe('limits: exactly at the limit passes, one unit past it fails', () => {
  it.each<[string, unknown, Partial<QualityInput>, boolean, string]>([
    ['latency at the limit', { kind: 'max_latency_ms', value: 900 }, {}, true, 'expected latency <= 900 ms, got 900 ms'],
    ['latency past the limit', { kind: 'max_latency_ms', value: 899 }, {}, false, 'expected latency <= 899 ms, got 900 ms'],
    ['latency not measured', { kind: 'max_latency_ms', value: 900 }, { latency_ms: null }, false, 'expected latency <= 900 ms, got none (no latency measured)'],
    ['ttft at the limit', { kind: 'max_ttft_ms', value: 300 }, {}, true, 'expected time to first token <= 300 ms, got 300 ms'],
    ['ttft past the limit', { kind: 'max_ttft_ms', value: 299 }, {}, false, 'expected time to first token <= 299 ms, got 300 ms'],
    ['ttft not measured', { kind: 'max_ttft_ms', value: 300 }, { ttft_ms: null }, false, 'expected time to first token <= 300 ms, got none (not measured; set stream: true)'],
    ['ttft of zero against a zero limit', { kind: 'max_ttft_ms', value: 0 }, { ttft_ms: 0 }, true, 'expected time to first token <= 0 ms, got 0 ms'],
    ['cost at the limit', { kind: 'max_cost_usd', value: 0.0004 }, {}, true, 'expected cost <= 0.0004 USD, got 0.0004 USD'],
    ['cost past the limit', { kind: 'max_cost_usd', value: 0.0003 }, {}, false, 'expected cost <= 0.0003 USD, got 0.0004 USD'],
    ['cost unpriced', { kind: 'max_cost_usd', value: 1 }, { cost_usd: null }, false, 'expected cost <= 1 USD, got none (model unpriced)'],
    ['output tokens at the maximum', { kind: 'max_output_tokens', value: 8 }, {}, true, 'expected output tokens <= 8, got 8'],
    ['output tokens past the maximum', { kind: 'max_output_tokens', value: 7 }, {}, false, 'expected output tokens <= 7, got 8'],
    ['output tokens unknown for a maximum', { kind: 'max_output_tokens', value: 7 }, { output_tokens: null }, false, 'expected output tokens <= 7, got none (usage missing)'],
    ['output tokens at the minimum', { kind: 'min_output_tokens', value: 8 }, {}, true, 'expected at least 8 output tokens, got 8'],
    ['output tokens under the minimum', { kind: 'min_output_tokens', value: 9 }, {}, false, 'expected at least 9 output tokens, got 8'],
    ['output tokens over the minimum', { kind: 'min_output_tokens', value: 7 }, {}, true, 'expected at least 7 output tokens, got 8'],
    ['output tokens unknown for a minimum', { kind: 'min_output_tokens', value: 0 }, { output_tokens: null }, false, 'expected at least 0 output tokens, got none (usage missing)'],
  ])('%s', (_, assertion, input, pass, reason) => {
    expect(verdict(assertion, input)).toEqual({ pass, reason });
  });
});

describe('text assertions', () => {
  it.each<[string, unknown, string, boolean]>([
    ['contains ignoring case, upper-case text', { kind: 'contains', value: 'paris', ignore_case: true }, 'PARIS', true],
    ['contains ignoring case, upper-case value', { kind: 'contains', value: 'PARIS', ignore_case: true }, 'paris', true],
    ['contains with ignore_case false', { kind: 'contains', value: 'paris', ignore_case: false }, 'Paris', false],
    ['not_contains ignoring case', { kind: 'not_contains', value: 'PARIS', ignore_case: true }, 'in paris', false],
    ['not_contains ignoring case, upper-case text', { kind: 'not_contains', value: 'paris', ignore_case: true }, 'IN PARIS', false],
    ['not_contains case-sensitive by default', { kind: 'not_contains', value: 'PARIS' }, 'in paris', true],
  ])('%s', (_, assertion, text, pass) => {
    expect(verdict(assertion, { text }).pass).toBe(pass);
  });

  it('quotes the value and the text in full when short', () => {
    expect(verdict({ kind: 'not_contains', value: 'France' })).toEqual({
      pass: false,
      reason: 'expected text not to contain "France", got "The capital of France is Paris."',
    });
  });

  it('quotes at most about 80 characters of a long answer, cut at a word', () => {
    const text = `${'word '.repeat(30)}end`;
    expect(verdict({ kind: 'contains', value: 'Paris' }, { text }).reason).toBe(`expected text to contain "Paris", got "${'word '.repeat(16).trimEnd()}…"`);
  });

  it('shows a regex with no flags as /pattern/ and with flags after it', () => {
    expect(verdict({ kind: 'regex', pattern: 'Lyon' })).toEqual({ pass: false, reason: 'expected text to match /Lyon/, got "The capital of France is Paris."' });
    expect(verdict({ kind: 'regex', pattern: 'PARIS', flags: 'i' })).toEqual({ pass: true, reason: 'expected text to match /PARIS/i, got "The capital of France is Paris."' });
  });

  it('applies the flags: without them a pattern is case-sensitive and single-line', () => {
    expect(verdict({ kind: 'regex', pattern: '^Paris' }, { text: 'Capital:\nParis' }).pass).toBe(false);
    expect(verdict({ kind: 'regex', pattern: '^Paris', flags: 'm' }, { text: 'Capital:\nParis' }).pass).toBe(true);
  });
});

describe('json assertion', () => {
  it.each<[string, string, boolean]>([
    ['a bare fence', '```\n{"a":1}\n```', true],
    ['a fence with a language tag', '```json\n{"a":1}\n```', true],
    ['a fence with whitespace around it', '  \n```JSON\n{"a":1}\n```  \n', true],
    ['a language tag followed by spaces', '```json  \n{"a":1}\n```', true],
    ['a fence whose closing marker follows the JSON directly', '```json\n{"a":1}```', true],
    ['a multi-line JSON body', '```json\n{\n  "a": [1,\n 2]\n}\n```', true],
    ['prose before the fence', 'Here it is:\n```json\n{"a":1}\n```', false],
    ['prose after the fence', '```json\n{"a":1}\n```\nDone.', false],
    ['two fenced blocks', '```json\n{"a":1}\n```\n```json\n{"b":2}\n```', false],
    ['a fence on one line', '```{"a":1}```', false],
    ['an unclosed fence', '```json\n{"a":1}', false],
  ])('unwraps only a single fence around the whole answer: %s', (_, text, pass) => {
    expect(verdict({ kind: 'json' }, { text }).pass).toBe(pass);
  });

  it('says why the text did not parse', () => {
    const { reason } = verdict({ kind: 'json' }, { text: '{"a":' });
    expect(reason).toMatch(/^expected valid JSON, got "\{\\"a\\":" \(.+\)$/);
    expect(reason).toContain(`(${parseError('{"a":')})`);
  });

  it('quotes the unwrapped body, not the fence, when the fenced text does not parse', () => {
    expect(verdict({ kind: 'json' }, { text: '```json\nnot json\n```' }).reason).toMatch(/^expected valid JSON, got "not json" /);
  });

  const fiveFields = { type: 'object', properties: Object.fromEntries(['a', 'b', 'c', 'd', 'e', 'f'].map((k) => [k, { type: 'string' }])) };

  it('lists up to five schema violations', () => {
    expect(verdict({ kind: 'json', schema: fiveFields }, { text: '{"a":1,"b":2,"c":3,"d":4,"e":5}' }).reason).toBe(
      'expected JSON matching the schema, got $.a: expected string, got integer; $.b: expected string, got integer; $.c: expected string, got integer; $.d: expected string, got integer; $.e: expected string, got integer',
    );
  });

  it('counts the violations past the fifth', () => {
    expect(verdict({ kind: 'json', schema: fiveFields }, { text: '{"a":1,"b":2,"c":3,"d":4,"e":5,"f":6}' }).reason).toBe(
      'expected JSON matching the schema, got $.a: expected string, got integer; $.b: expected string, got integer; $.c: expected string, got integer; $.d: expected string, got integer; $.e: expected string, got integer (+1 more)',
    );
  });

  it('gives zod issues a $ path with .key and [index] steps', () => {
    const schema = z.object({ items: z.array(z.object({ id: z.number() })) });
    expect(verdict({ kind: 'json', schema }, { text: '{"items":[{"id":1},{"id":"2"}]}' })).toEqual({
      pass: false,
      reason: 'expected JSON matching the schema, got $.items[1].id: Invalid input: expected number, received string',
    });
    expect(verdict({ kind: 'json', schema: z.number() }, { text: '"x"' }).reason).toBe('expected JSON matching the schema, got $: Invalid input: expected number, received string');
    expect(verdict({ kind: 'json', schema }, { text: '{"items":[]}' })).toEqual({ pass: true, reason: 'expected JSON matching the schema: ok' });
  });

  it('passes a JSON Schema match with the same reason as a zod match', () => {
    expect(verdict({ kind: 'json', schema: { type: 'array' } }, { text: '[]' })).toEqual({ pass: true, reason: 'expected JSON matching the schema: ok' });
  });
});

describe('cache_read at the edge of the cache lifetime', () => {
  const at = 1_000_000;
  const cache = (previous_at: number | null, read_tokens = 0, write_tokens = 1500) => ({ cache: { read_tokens, write_tokens, at, previous_at } });

  it('defaults the lifetime to 5 minutes', () => {
    expect(CACHE_READ_WITHIN_MS).toBe(300_000);
  });

  it('counts an earlier use exactly 5 minutes ago as inside the lifetime', () => {
    expect(verdict({ kind: 'cache_read' }, cache(at - 300_000))).toEqual({
      pass: false,
      reason: 'expected a prompt cache read: a run 300 s earlier used the cache, but this run read none, and wrote 1500 tokens again (did the cached prefix change?)',
    });
  });

  it('counts an earlier use 1 ms past 5 minutes as outside it', () => {
    expect(verdict({ kind: 'cache_read' }, cache(at - 300_001))).toEqual({
      pass: true,
      reason: 'expected a prompt cache read: none to read yet, this run wrote 1500 tokens to the cache',
    });
  });

  it('honours a custom within_ms at its edge', () => {
    expect(verdict({ kind: 'cache_read', within_ms: 1000 }, cache(at - 1000)).pass).toBe(false);
    expect(verdict({ kind: 'cache_read', within_ms: 1000 }, cache(at - 1001)).pass).toBe(true);
  });

  it('rounds the seconds since the earlier run', () => {
    expect(verdict({ kind: 'cache_read' }, cache(at - 2_499)).reason).toContain('a run 2 s earlier');
    expect(verdict({ kind: 'cache_read' }, cache(at - 2_500)).reason).toContain('a run 3 s earlier');
  });

  it('fails a run inside the lifetime that neither read nor wrote, without claiming a write', () => {
    expect(verdict({ kind: 'cache_read' }, cache(at - 1000, 0, 0))).toEqual({
      pass: false,
      reason: 'expected a prompt cache read: a run 1 s earlier used the cache, but this run read none (did the cached prefix change?)',
    });
  });

  it('passes a single cached token read, whatever the history', () => {
    expect(verdict({ kind: 'cache_read' }, cache(at - 1000, 1, 0))).toEqual({ pass: true, reason: 'expected a prompt cache read: read 1 cached tokens' });
  });

  it('fails a first run that neither read nor wrote', () => {
    expect(verdict({ kind: 'cache_read' }, cache(null, 0, 0)).reason).toBe(
      'expected prompt caching to be engaged: this run neither read nor wrote the cache (is cache_control set on a long enough prefix?)',
    );
  });

  it('passes a first run that wrote one token', () => {
    expect(verdict({ kind: 'cache_read' }, cache(null, 0, 1)).pass).toBe(true);
  });

  it('fails without usage', () => {
    expect(verdict({ kind: 'cache_read' })).toEqual({ pass: false, reason: 'expected a prompt cache read, got no usage' });
  });
});

describe('assertionName', () => {
  it.each<[unknown, string]>([
    [{ kind: 'contains', value: 'OK' }, 'contains "OK"'],
    [{ kind: 'not_contains', value: 'sorry' }, 'not_contains "sorry"'],
    [{ kind: 'contains', value: `${'long '.repeat(10)}value` }, `contains "${'long '.repeat(8).trimEnd()}…"`],
    [{ kind: 'regex', pattern: '^\\d+$' }, 'regex /^\\d+$/'],
    [{ kind: 'regex', pattern: 'ok', flags: 'i' }, 'regex /ok/i'],
    [{ kind: 'json' }, 'json'],
    [{ kind: 'json', schema: { type: 'object' } }, 'json matching schema'],
    [{ kind: 'json', schema: z.object({}) }, 'json matching schema'],
    [{ kind: 'cache_read' }, 'cache_read'],
    [{ kind: 'cache_read', within_ms: 60_000 }, 'cache_read'],
    [{ kind: 'max_latency_ms', value: 2000 }, 'max_latency_ms 2000'],
    [{ kind: 'max_ttft_ms', value: 300 }, 'max_ttft_ms 300'],
    [{ kind: 'max_cost_usd', value: 0.01 }, 'max_cost_usd 0.01'],
    [{ kind: 'min_output_tokens', value: 5 }, 'min_output_tokens 5'],
    [{ kind: 'max_output_tokens', value: 500 }, 'max_output_tokens 500'],
    [{ kind: 'json', name: 'valid order' }, 'valid order'],
  ])('%j is named %j', (assertion, name) => {
    expect(assertionName(AssertionSchema.parse(assertion))).toBe(name);
  });

  it('names each result and keeps the order of the assertions', () => {
    const results = evaluateAssertions([AssertionSchema.parse({ kind: 'json' }), AssertionSchema.parse({ kind: 'contains', value: 'Paris' })], base);
    expect(results.map((r) => [r.name, r.pass])).toEqual([
      ['json', false],
      ['contains "Paris"', true],
    ]);
  });
});

describe('AssertionSchema', () => {
  it.each<[string, unknown]>([
    ['a zero limit', { kind: 'max_latency_ms', value: 0 }],
    ['a fractional cost limit', { kind: 'max_cost_usd', value: 0.005 }],
    ['zero tokens', { kind: 'min_output_tokens', value: 0 }],
    ['every regex flag but u', { kind: 'regex', pattern: 'a', flags: 'dgimsvy' }],
    ['every regex flag but v', { kind: 'regex', pattern: 'a', flags: 'dgimsuy' }],
    ['empty regex flags', { kind: 'regex', pattern: 'a', flags: '' }],
    ['a one-character value and name', { kind: 'contains', value: 'a', name: 'b' }],
    ['a multi-character value', { kind: 'not_contains', value: 'abc', ignore_case: false }],
    ['json with extract and a schema', { kind: 'json', extract: false, schema: { type: 'object' } }],
    ['json with a zod schema', { kind: 'json', schema: z.string() }],
    ['cache_read with a 1 ms window', { kind: 'cache_read', within_ms: 1 }],
  ])('accepts %s', (_, assertion) => {
    expect(AssertionSchema.safeParse(assertion).success).toBe(true);
  });

  it.each<[string, unknown, string]>([
    ['an empty name', { kind: 'contains', value: 'x', name: '' }, 'name'],
    ['an empty value', { kind: 'contains', value: '' }, 'value'],
    ['an empty not_contains value', { kind: 'not_contains', value: '' }, 'value'],
    ['a non-boolean ignore_case', { kind: 'contains', value: 'x', ignore_case: 'yes' }, 'ignore_case'],
    ['an empty pattern', { kind: 'regex', pattern: '' }, 'pattern'],
    ['a pattern that does not compile', { kind: 'regex', pattern: 'a(' }, 'pattern'],
    ['an unknown flag before known ones', { kind: 'regex', pattern: 'a', flags: 'xi' }, 'flags'],
    ['an unknown flag after known ones', { kind: 'regex', pattern: 'a', flags: 'ix' }, 'flags'],
    ['flags that do not combine', { kind: 'regex', pattern: 'a', flags: 'uv' }, 'pattern'],
    ['a repeated flag', { kind: 'regex', pattern: 'a', flags: 'gg' }, 'pattern'],
    ['a non-boolean extract', { kind: 'json', extract: 'yes' }, 'extract'],
    ['a schema that is neither zod nor the JSON Schema subset', { kind: 'json', schema: { type: 'object', format: 'x' } }, 'schema'],
    ['a negative cost', { kind: 'max_cost_usd', value: -0.01 }, 'value'],
    ['a negative ttft', { kind: 'max_ttft_ms', value: -1 }, 'value'],
    ['fractional tokens', { kind: 'max_output_tokens', value: 1.5 }, 'value'],
    ['negative tokens', { kind: 'min_output_tokens', value: -1 }, 'value'],
    ['a zero cache window', { kind: 'cache_read', within_ms: 0 }, 'within_ms'],
    ['a fractional cache window', { kind: 'cache_read', within_ms: 1.5 }, 'within_ms'],
    ['an extra field on cache_read', { kind: 'cache_read', value: 1 }, ''],
  ])('rejects %s', (_, assertion, path) => {
    const r = AssertionSchema.safeParse(assertion);
    expect(r.success).toBe(false);
    expect(r.error!.issues.map((i) => i.path.join('.'))).toContain(path);
  });

  it('says why a regex is rejected', () => {
    const issue = AssertionSchema.safeParse({ kind: 'regex', pattern: '[' }).error!.issues[0]!;
    expect([issue.path, issue.message]).toEqual([['pattern'], 'pattern is not a valid regular expression (Invalid regular expression: /[/: Unterminated character class)']);
  });
});

function parseError(text: string): string {
  try {
    JSON.parse(text);
    return '';
  } catch (e) {
    return (e as Error).message;
  }
}
