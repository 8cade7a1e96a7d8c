import { expect, test } from 'vitest';
import { parseRateLimit, RATE_LIMIT_BUCKETS } from '../../src/client/rate-limit.ts';

const P = 'anthropic-ratelimit-';

test('every bucket with its limit, remaining and reset as sent', () => {
  const h = new Headers();
  RATE_LIMIT_BUCKETS.forEach((b, i) => {
    h.set(`${P}${b}-limit`, String(1000 * (i + 1)));
    h.set(`${P}${b}-remaining`, String(10 * i));
    h.set(`${P}${b}-reset`, `2026-01-01T00:00:0${i}Z`);
  });
  expect(RATE_LIMIT_BUCKETS).toEqual(['requests', 'tokens', 'input-tokens', 'output-tokens']);
  expect(parseRateLimit(h)).toEqual({
    requests: { limit: 1000, remaining: 0, reset: '2026-01-01T00:00:00Z' },
    tokens: { limit: 2000, remaining: 10, reset: '2026-01-01T00:00:01Z' },
    'input-tokens': { limit: 3000, remaining: 20, reset: '2026-01-01T00:00:02Z' },
    'output-tokens': { limit: 4000, remaining: 30, reset: '2026-01-01T00:00:03Z' },
  });
});

test('no rate-limit header at all (Foundry, the simulator) is null, not empty buckets', () => {
  expect(parseRateLimit(null)).toBeNull();
  expect(parseRateLimit(undefined)).toBeNull();
  expect(parseRateLimit(new Headers({ 'request-id': 'req_1', 'retry-after': '3' }))).toBeNull();
});

test('a bucket appears when any one of its three headers does; the others are null', () => {
  expect(parseRateLimit(new Headers({ [`${P}tokens-remaining`]: '5' }))).toEqual({ tokens: { limit: null, remaining: 5, reset: null } });
  expect(parseRateLimit(new Headers({ [`${P}requests-limit`]: '50' }))).toEqual({ requests: { limit: 50, remaining: null, reset: null } });
  expect(parseRateLimit(new Headers({ [`${P}output-tokens-reset`]: '2026-01-01T00:01:00Z' }))).toEqual({ 'output-tokens': { limit: null, remaining: null, reset: '2026-01-01T00:01:00Z' } });
});

test('a count that is blank or not a finite number is null; 0 is a count; a bucket with nothing readable is left out', () => {
  const h = new Headers({ [`${P}requests-limit`]: 'lots', [`${P}requests-remaining`]: '0', [`${P}tokens-limit`]: 'Infinity', [`${P}tokens-remaining`]: ' ' });
  expect(parseRateLimit(h)).toEqual({ requests: { limit: null, remaining: 0, reset: null } });
  expect(parseRateLimit(new Headers({ [`${P}tokens-limit`]: '1e3', [`${P}tokens-remaining`]: '-1' }))).toEqual({ tokens: { limit: 1000, remaining: -1, reset: null } });
});
