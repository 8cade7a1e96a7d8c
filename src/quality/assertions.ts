/**
 * Assertion handlers, one per kind in an exhaustive table: a new kind in AssertionSchema does
 * not compile until it is handled here. A failed assertion is a result, never an exception.
 */
import { z } from 'zod';
import { truncateWords } from '../shared/text.ts';
import type { AssertionResult } from '../shared/types.ts';
import { CACHE_READ_WITHIN_MS, type Assertion, type AssertionKind } from './assertion-schema.ts';
import { validateJson } from './json-schema.ts';
import type { CheckResult, QualityInput } from './types.ts';

type Handler<K extends AssertionKind> = (a: Extract<Assertion, { kind: K }>, input: QualityInput) => CheckResult;

/** A quoted excerpt for a reason: cut at a word boundary, never mid-word. */
const quote = (s: string, max = 80) => JSON.stringify(truncateWords(s, max));

function includes(text: string, value: string, ignoreCase: boolean | undefined): boolean {
  return ignoreCase ? text.toLowerCase().includes(value.toLowerCase()) : text.includes(value);
}

function atMost(label: string, unit: string, limit: number, actual: number | null, missing: string): CheckResult {
  if (actual === null) return { pass: false, reason: `expected ${label} <= ${limit}${unit}, got none (${missing})` };
  return { pass: actual <= limit, reason: `expected ${label} <= ${limit}${unit}, got ${actual}${unit}` };
}

/** Unwraps a single fenced block (```json ... ```) around the whole answer. */
function unfence(text: string): string {
  const m = /^\s*```[a-zA-Z]*\s*\n([\s\S]*?)\n?```\s*$/.exec(text);
  return m ? m[1]! : text;
}

export const ASSERTION_HANDLERS: { [K in AssertionKind]: Handler<K> } = {
  contains: (a, { text }) => ({
    pass: includes(text, a.value, a.ignore_case),
    reason: `expected text to contain ${quote(a.value)}, got ${quote(text)}`,
  }),
  not_contains: (a, { text }) => ({
    pass: !includes(text, a.value, a.ignore_case),
    reason: `expected text not to contain ${quote(a.value)}, got ${quote(text)}`,
  }),
  regex: (a, { text }) => ({
    pass: new RegExp(a.pattern, a.flags).test(text),
    reason: `expected text to match /${a.pattern}/${a.flags ?? ''}, got ${quote(text)}`,
  }),
  json: (a, { text }) => {
    const body = a.extract === false ? text : unfence(text);
    let value: unknown;
    try {
      value = JSON.parse(body);
    } catch (e) {
      return { pass: false, reason: `expected valid JSON, got ${quote(body)} (${(e as Error).message})` };
    }
    if (!a.schema) return { pass: true, reason: 'expected valid JSON: ok' };
    const errors =
      a.schema instanceof z.ZodType
        ? (a.schema.safeParse(value).error?.issues.map((i) => `$${i.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('')}: ${i.message}`) ?? [])
        : validateJson(value, a.schema);
    return errors.length === 0
      ? { pass: true, reason: 'expected JSON matching the schema: ok' }
      : { pass: false, reason: `expected JSON matching the schema, got ${errors.slice(0, 5).join('; ')}${errors.length > 5 ? ` (+${errors.length - 5} more)` : ''}` };
  },
  max_latency_ms: (a, i) => atMost('latency', ' ms', a.value, i.latency_ms, 'no latency measured'),
  max_ttft_ms: (a, i) => atMost('time to first token', ' ms', a.value, i.ttft_ms, 'not measured; set stream: true'),
  max_cost_usd: (a, i) => atMost('cost', ' USD', a.value, i.cost_usd, 'model unpriced'),
  min_output_tokens: (a, i) =>
    i.output_tokens === null
      ? { pass: false, reason: `expected at least ${a.value} output tokens, got none (usage missing)` }
      : { pass: i.output_tokens >= a.value, reason: `expected at least ${a.value} output tokens, got ${i.output_tokens}` },
  max_output_tokens: (a, i) => atMost('output tokens', '', a.value, i.output_tokens, 'usage missing'),
  cache_read: (a, { cache }) => {
    if (!cache) return { pass: false, reason: 'expected a prompt cache read, got no usage' };
    if (cache.read_tokens > 0) return { pass: true, reason: `expected a prompt cache read: read ${cache.read_tokens} cached tokens` };
    const within = a.within_ms ?? CACHE_READ_WITHIN_MS;
    const since = cache.previous_at === null ? null : cache.at - cache.previous_at;
    if (since !== null && since <= within) {
      const again = cache.write_tokens > 0 ? `, and wrote ${cache.write_tokens} tokens again` : '';
      return { pass: false, reason: `expected a prompt cache read: a run ${Math.round(since / 1000)} s earlier used the cache, but this run read none${again} (did the cached prefix change?)` };
    }
    if (cache.write_tokens > 0) return { pass: true, reason: `expected a prompt cache read: none to read yet, this run wrote ${cache.write_tokens} tokens to the cache` };
    return { pass: false, reason: 'expected prompt caching to be engaged: this run neither read nor wrote the cache (is cache_control set on a long enough prefix?)' };
  },
};

/** Default display name of an assertion, e.g. `contains "OK"` or `max_latency_ms 2000`. */
export function assertionName(a: Assertion): string {
  if (a.name) return a.name;
  switch (a.kind) {
    case 'contains':
    case 'not_contains':
      return `${a.kind} ${quote(a.value, 40)}`;
    case 'regex':
      return `regex /${a.pattern}/${a.flags ?? ''}`;
    case 'json':
      return a.schema ? 'json matching schema' : 'json';
    case 'cache_read':
      return 'cache_read';
    default:
      return `${a.kind} ${a.value}`;
  }
}

function dispatch<K extends AssertionKind>(a: Extract<Assertion, { kind: K }>, input: QualityInput): CheckResult {
  return (ASSERTION_HANDLERS[a.kind as K] as Handler<K>)(a, input);
}

/** Evaluates assertions in order; each yields `{name, pass, reason}`. */
export function evaluateAssertions(assertions: readonly Assertion[], input: QualityInput): AssertionResult[] {
  return assertions.map((a) => ({ name: assertionName(a), ...dispatch(a, input) }));
}
