/** Chaos checks of calls, counts and waits: each expectation passes and fails at its exact edge, and says why. */
import { describe, expect, it } from 'vitest';
import { checkScenario } from '../../src/chaos/checks.ts';
import { attempt, call, named, observed, one } from './checks-helpers.ts';

const check = (expect: Record<string, unknown>, over: Parameters<typeof observed>[1] = {}, scenario: Parameters<typeof observed>[0] = {}) =>
  checkScenario(observed({ ...scenario, expect }, over));

describe('per-call expectations', () => {
  const failed = call(0, {
    outcome: 'error',
    error_kind: 'overloaded',
    latency_ms: 2_000,
    flags: ['empty'],
    attempts: [attempt({ wait_ms: 100, wait_source: 'backoff' }), attempt({ wait_ms: null }), attempt({ wait_ms: 5_000, wait_source: 'retry_after' })],
  });

  it('outcome, error_kind and attempts are compared exactly, quoting both sides', () => {
    const v = check({ calls: [{ index: 0, outcome: 'error', error_kind: 'overloaded', attempts: 3 }] }, { calls: [failed] });
    expect(v.slice(0, 3)).toEqual([
      { name: 'call 0 outcome', pass: true, expected: 'error', actual: 'error' },
      { name: 'call 0 error_kind', pass: true, expected: 'overloaded', actual: 'overloaded' },
      { name: 'call 0 attempts', pass: true, expected: '3', actual: '3' },
    ]);
    const w = check({ calls: [{ index: 0, outcome: 'pass', error_kind: null, attempts: 2 }] }, { calls: [failed] });
    expect(w.slice(0, 3)).toEqual([
      { name: 'call 0 outcome', pass: false, expected: 'pass', actual: 'error' },
      { name: 'call 0 error_kind', pass: false, expected: 'null', actual: 'overloaded' },
      { name: 'call 0 attempts', pass: false, expected: '2', actual: '3' },
    ]);
  });

  it('error_kind null means the call must not have failed', () => {
    expect(one(check({ calls: [{ index: 0, error_kind: null }] }), 'call 0 error_kind')).toEqual({ name: 'call 0 error_kind', pass: true, expected: 'null', actual: 'null' });
  });

  it('max_attempts holds at the limit and fails one over it', () => {
    expect(one(check({ every_call: { max_attempts: 3 } }, { calls: [failed] }), 'call 0 attempts')).toEqual({ name: 'call 0 attempts', pass: true, expected: '<= 3', actual: '3' });
    expect(one(check({ every_call: { max_attempts: 2 } }, { calls: [failed] }), 'call 0 attempts')).toEqual({ name: 'call 0 attempts', pass: false, expected: '<= 2', actual: '3' });
  });

  it('flags: every listed flag must be there; no_flags: none at all', () => {
    const clean = call(1);
    const v = check({ every_call: { flags: ['empty'], no_flags: true } }, { calls: [failed, clean] });
    expect(named(v, 'call 0 flags')).toEqual([{ name: 'call 0 flags', pass: true, expected: 'includes empty', actual: 'empty' }]);
    expect(named(v, 'call 1 flags')).toEqual([{ name: 'call 1 flags', pass: false, expected: 'includes empty', actual: 'none' }]);
    expect(named(v, 'call 0 no flags')).toEqual([{ name: 'call 0 no flags', pass: false, expected: 'none', actual: 'empty' }]);
    expect(named(v, 'call 1 no flags')).toEqual([{ name: 'call 1 no flags', pass: true, expected: 'none', actual: 'none' }]);
    const two = call(0, { flags: ['empty', 'truncated'] });
    expect(one(check({ every_call: { flags: ['truncated', 'refusal'] } }, { calls: [two] }), 'call 0 flags')).toEqual({ name: 'call 0 flags', pass: false, expected: 'includes truncated, refusal', actual: 'empty, truncated' });
    expect(named(check({ every_call: { no_flags: false } }, { calls: [two] }), 'call 0 no flags')).toEqual([]);
  });

  it('wait_sources lists where each actual wait came from, in order', () => {
    expect(one(check({ every_call: { wait_sources: ['backoff', 'retry_after'] } }, { calls: [failed] }), 'call 0 wait sources')).toEqual({
      name: 'call 0 wait sources',
      pass: true,
      expected: '["backoff","retry_after"]',
      actual: '["backoff","retry_after"]',
    });
    expect(one(check({ every_call: { wait_sources: ['backoff'] } }, { calls: [failed] }), 'call 0 wait sources').pass).toBe(false);
  });

  it('latency_ms within bounds, both ends inclusive; a call without a latency fails', () => {
    const lat = (latency_ms: number | null, b: Record<string, number>) => one(check({ every_call: { latency_ms: b } }, { calls: [call(0, { latency_ms })] }), 'call 0 latency_ms');
    expect(lat(2_000, { min: 2_000, max: 2_000 })).toEqual({ name: 'call 0 latency_ms', pass: true, expected: '2000..2000', actual: '2000' });
    expect(lat(1_999, { min: 2_000 })).toEqual({ name: 'call 0 latency_ms', pass: false, expected: '>= 2000', actual: '1999' });
    expect(lat(2_001, { max: 2_000 })).toEqual({ name: 'call 0 latency_ms', pass: false, expected: '<= 2000', actual: '2001' });
    expect(lat(0, { max: 2_000 }).pass).toBe(true);
    expect(lat(null, { min: 0 })).toEqual({ name: 'call 0 latency_ms', pass: false, expected: '>= 0', actual: 'null' });
  });

  it('every_call applies to each call; calls[] to the one at its index, and a missing one fails', () => {
    const v = check({ every_call: { outcome: 'pass' }, calls: [{ index: 1, outcome: 'pass' }, { index: 5, outcome: 'pass' }] }, { calls: [call(0), call(1, { outcome: 'fail' })] });
    expect(v.slice(0, 4)).toEqual([
      { name: 'call 0 outcome', pass: true, expected: 'pass', actual: 'pass' },
      { name: 'call 1 outcome', pass: false, expected: 'pass', actual: 'fail' },
      { name: 'call 1 outcome', pass: false, expected: 'pass', actual: 'fail' },
      { name: 'call 5', pass: false, expected: 'exists', actual: 'only 2 calls' },
    ]);
  });

  it('an empty expectation checks nothing about the call', () => {
    expect(check({ every_call: {} }).filter((v) => v.name.startsWith('call '))).toEqual([]);
  });
});

describe('counts of outcomes and error kinds', () => {
  const calls = [call(0), call(1, { outcome: 'error', error_kind: 'timeout' }), call(2, { outcome: 'error', error_kind: 'timeout' }), call(3, { outcome: 'error', error_kind: 'overloaded' })];

  it('a number is an exact count; kinds never seen count 0; calls without an error kind are not counted', () => {
    const v = check({ outcomes: { pass: 1, error: 3, fail: 0 }, error_kinds: { timeout: 2, overloaded: 2, server_error: 0 } }, { calls });
    expect(v.slice(0, 6)).toEqual([
      { name: 'outcome pass count', pass: true, expected: '1', actual: '1' },
      { name: 'outcome error count', pass: true, expected: '3', actual: '3' },
      { name: 'outcome fail count', pass: true, expected: '0', actual: '0' },
      { name: 'error_kind timeout count', pass: true, expected: '2', actual: '2' },
      { name: 'error_kind overloaded count', pass: false, expected: '2', actual: '1' },
      { name: 'error_kind server_error count', pass: true, expected: '0', actual: '0' },
    ]);
  });

  it('bounds are inclusive at both ends', () => {
    const v = check({ outcomes: { error: { min: 3, max: 3 }, pass: { min: 2 } }, error_kinds: { timeout: { max: 1 } } }, { calls });
    expect(v.slice(0, 3)).toEqual([
      { name: 'outcome error count', pass: true, expected: '3..3', actual: '3' },
      { name: 'outcome pass count', pass: false, expected: '>= 2', actual: '1' },
      { name: 'error_kind timeout count', pass: false, expected: '<= 1', actual: '2' },
    ]);
  });
});

describe('waits', () => {
  const hinted = (wait: number | null, hint: number | null) => attempt({ retry_after_ms: hint, wait_ms: wait, wait_source: wait === null ? null : hint === null ? 'backoff' : 'retry_after' });

  it('retry_after_honoured: every wait after a hint equals it', () => {
    const ok = check({ waits: { retry_after_honoured: true } }, { calls: [call(0, { attempts: [hinted(2_000, 2_000), hinted(3_000, 3_000), hinted(null, 1_000), hinted(700, null)] })] });
    expect(one(ok, 'waits honour retry-after')).toEqual({ name: 'waits honour retry-after', pass: true, expected: 'every wait after a retry-after equals it', actual: '2 waits equal their retry-after' });
    const bad = check({ waits: { retry_after_honoured: true } }, { calls: [call(0, { attempts: [hinted(2_000, 2_000), hinted(2_999, 3_000)] }), call(1, { attempts: [hinted(1, 0)] })] });
    expect(one(bad, 'waits honour retry-after')).toMatchObject({ pass: false, actual: 'waited 2999 ms for retry-after 3000 ms; waited 1 ms for retry-after 0 ms' });
  });

  it('retry_after_honoured fails when no wait followed a hint (the scenario did not test what it claims)', () => {
    const v = check({ waits: { retry_after_honoured: true } }, { calls: [call(0, { attempts: [hinted(500, null), hinted(null, 1_000)] })] });
    expect(one(v, 'waits honour retry-after')).toMatchObject({ pass: false, actual: 'no wait followed a retry-after' });
    expect(named(check({ waits: { retry_after_honoured: false } }), 'waits honour retry-after')).toEqual([]);
  });

  it('backoff_within_bounds: retry n waits in [0, min(max, base x 2^n)], n counting every wait of the call', () => {
    const retry = { baseDelayMs: 100, maxDelayMs: 350 };
    const waits = (...ws: Array<[number, 'backoff' | 'retry_after']>) => call(0, { attempts: [...ws.map(([w, s]) => attempt({ wait_ms: w, wait_source: s })), attempt()] });
    // n = 0, 1, 2, 3: ceilings 100, 200, 350 (capped), 350.
    const edge = check({ waits: { backoff_within_bounds: true } }, { calls: [waits([100, 'backoff'], [200, 'backoff'], [350, 'backoff'], [0, 'backoff']), call(1, { attempts: [attempt({ wait_ms: 100, wait_source: 'backoff' })] })] }, { client: { retry } });
    expect(one(edge, 'backoff waits within full-jitter bounds')).toEqual({
      name: 'backoff waits within full-jitter bounds',
      pass: true,
      expected: 'retry n waits in [0, min(350, 100 x 2^n)] ms',
      actual: '5 waits in bounds',
    });
    // A retry-after wait is not judged, but takes its place in n: the backoff after it is retry 1 (ceiling 200).
    const after = check({ waits: { backoff_within_bounds: true } }, { calls: [call(0, { attempts: [attempt(), ...waits([9_000, 'retry_after'], [200, 'backoff']).attempts] })] }, { client: { retry } });
    expect(one(after, 'backoff waits within full-jitter bounds')).toMatchObject({ pass: true, actual: '1 waits in bounds' });
    // An attempt without a wait is not a retry: the first backoff after it is still retry 0 (ceiling 100).
    const first = check({ waits: { backoff_within_bounds: true } }, { calls: [call(0, { attempts: [attempt(), ...waits([101, 'backoff']).attempts] })] }, { client: { retry } });
    expect(one(first, 'backoff waits within full-jitter bounds')).toMatchObject({ pass: false, actual: 'retry 0 waited 101 ms > 100' });
    const over = check({ waits: { backoff_within_bounds: true } }, { calls: [waits([101, 'backoff'], [201, 'backoff'], [351, 'backoff'], [-1, 'backoff'])] }, { client: { retry } });
    expect(one(over, 'backoff waits within full-jitter bounds')).toMatchObject({
      pass: false,
      actual: 'retry 0 waited 101 ms > 100; retry 1 waited 201 ms > 200; retry 2 waited 351 ms > 350; retry 3 waited -1 ms > 350',
    });
  });

  it('backoff_within_bounds uses the default retry settings when the scenario sets none, and fails with no backoff waits', () => {
    const v = check({ waits: { backoff_within_bounds: true } }, { calls: [call(0, { attempts: [attempt({ wait_ms: 500, wait_source: 'backoff' }), attempt({ wait_ms: 1_001, wait_source: 'backoff' })] })] });
    expect(one(v, 'backoff waits within full-jitter bounds')).toMatchObject({ pass: false, expected: 'retry n waits in [0, min(8000, 500 x 2^n)] ms', actual: 'retry 1 waited 1001 ms > 1000' });
    const none = check({ waits: { backoff_within_bounds: true } }, { calls: [call(0, { attempts: [attempt({ wait_ms: 500, wait_source: 'retry_after' })] })] });
    expect(one(none, 'backoff waits within full-jitter bounds')).toMatchObject({ pass: false, actual: 'no backoff waits' });
  });

  it('max_wait_ms: the longest wait, at the limit passes', () => {
    const calls = [call(0, { attempts: [attempt({ wait_ms: 300 }), attempt({ wait_ms: 1_200 }), attempt()] }), call(1, { attempts: [attempt({ wait_ms: 700 })] })];
    expect(one(check({ waits: { max_wait_ms: 1_200 } }, { calls }), 'longest wait')).toEqual({ name: 'longest wait', pass: true, expected: '<= 1200 ms', actual: '1200 ms' });
    expect(one(check({ waits: { max_wait_ms: 1_199 } }, { calls }), 'longest wait')).toEqual({ name: 'longest wait', pass: false, expected: '<= 1199 ms', actual: '1200 ms' });
    expect(one(check({ waits: { max_wait_ms: 0 } }, { calls: [call(0)] }), 'longest wait')).toEqual({ name: 'longest wait', pass: true, expected: '<= 0 ms', actual: '0 ms' });
  });

  it('total_ms: the sum of every wait, in bounds', () => {
    const calls = [call(0, { attempts: [attempt({ wait_ms: 300 }), attempt({ wait_ms: 1_200 }), attempt()] }), call(1, { attempts: [attempt({ wait_ms: 700 })] })];
    expect(one(check({ waits: { total_ms: { min: 2_200, max: 2_200 } } }, { calls }), 'total wait')).toEqual({ name: 'total wait', pass: true, expected: '2200..2200', actual: '2200 ms' });
    expect(one(check({ waits: { total_ms: { max: 2_199 } } }, { calls }), 'total wait').pass).toBe(false);
  });
});

describe('flags across results', () => {
  it('counts results carrying each flag, in bounds', () => {
    const calls = [call(0, { flags: ['empty', 'truncated'] }), call(1, { flags: ['empty'] }), call(2)];
    const v = check({ flags: { empty: { min: 2, max: 2 }, truncated: { min: 2 } } }, { calls });
    expect(v.slice(0, 2)).toEqual([
      { name: 'results flagged empty', pass: true, expected: '2..2', actual: '2' },
      { name: 'results flagged truncated', pass: false, expected: '>= 2', actual: '1' },
    ]);
  });
});
