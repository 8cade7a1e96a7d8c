/**
 * Every assertion kind parses as documented in assertion-schema.ts, and refuses a field it does
 * not take. The schema module is imported inside the tests, not at the top: a schema that throws
 * while it is built (an option without its `kind`) then fails these tests, where a top-level import
 * would fail the file before any test ran (and Stryker counts a file that never ran as a survivor).
 * The boundaries of each field are in assertion-boundaries.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';

const schema = async () => (await import('../../src/quality/assertion-schema.ts')).AssertionSchema;

/** The smallest valid assertion of each kind. */
const MINIMAL = [
  { kind: 'contains', value: 'Paris' },
  { kind: 'not_contains', value: 'London' },
  { kind: 'regex', pattern: '^P' },
  { kind: 'json' },
  { kind: 'max_latency_ms', value: 2000 },
  { kind: 'max_ttft_ms', value: 300 },
  { kind: 'max_cost_usd', value: 0.01 },
  { kind: 'min_output_tokens', value: 1 },
  { kind: 'max_output_tokens', value: 500 },
  { kind: 'cache_read' },
] as const;

describe('AssertionSchema, kind by kind', () => {
  it.each(MINIMAL)('parses %j as it is', async (assertion) => {
    expect((await schema()).parse(assertion)).toEqual(assertion);
  });

  it.each(MINIMAL)('takes a name on %j', async (assertion) => {
    expect((await schema()).parse({ ...assertion, name: 'mine' })).toEqual({ ...assertion, name: 'mine' });
  });

  it.each(MINIMAL)('refuses a field the kind does not take on %j', async (assertion) => {
    const r = (await schema()).safeParse({ ...assertion, within: 1 });
    expect(r.error?.issues.map((i) => [i.code, i.path.join('.')])).toEqual([['unrecognized_keys', '']]);
  });

  it.each([
    ['contains', { kind: 'contains', value: 'P', ignore_case: true }],
    ['not_contains', { kind: 'not_contains', value: 'L', ignore_case: false }],
    ['regex', { kind: 'regex', pattern: 'p', flags: 'i' }],
    ['json', { kind: 'json', schema: { type: 'object' }, extract: false }],
    ['cache_read', { kind: 'cache_read', within_ms: 60_000 }],
  ])('parses the optional fields of %s', async (_, assertion) => {
    expect((await schema()).parse(assertion)).toEqual(assertion);
  });

  it('keeps a zod schema given to json as it is', async () => {
    const inner = z.object({ city: z.string() });
    expect((await schema()).parse({ kind: 'json', schema: inner })).toEqual({ kind: 'json', schema: inner });
  });

  it('refuses an unknown kind, and a missing one, at the kind', async () => {
    const paths = async (input: unknown) => (await schema()).safeParse(input).error?.issues.map((i) => i.path.join('.'));
    expect(await paths({ kind: 'startswith', value: 'P' })).toEqual(['kind']);
    expect(await paths({ value: 'P' })).toEqual(['kind']);
  });

  it('says why a pattern does not compile, in the engine’s words', async () => {
    const issue = (await schema()).safeParse({ kind: 'regex', pattern: 'a(' }).error!.issues[0]!;
    expect([issue.code, issue.path, issue.message]).toEqual(['custom', ['pattern'], 'pattern is not a valid regular expression (Invalid regular expression: /a(/: Unterminated group)']);
  });
});
