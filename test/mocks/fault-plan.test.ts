import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { createSimulator, loadFaultPlan, NO_LATENCY, parseFaultHeader, parseFaultPlan, type FaultPlan } from '../../mocks/index.ts';
import { CanaryError } from '../../src/shared/errors.ts';
import { VirtualClock } from '../../src/shared/clock.ts';

const HEADERS = { 'x-api-key': 'k', 'anthropic-version': '2023-06-01' };
const body = (model = 'claude-haiku-4-5', stream = false) => JSON.stringify({ model, max_tokens: 50, stream, messages: [{ role: 'user', content: 'hi' }] });

/** Statuses (or planned-response types) of n requests through the core. */
function run(plan: FaultPlan, n: number, opts: { model?: (i: number) => string; clock?: VirtualClock; stepMs?: number; stream?: boolean } = {}) {
  const sim = createSimulator({ plan, latency: NO_LATENCY, ...(opts.clock ? { clock: opts.clock } : {}) });
  const out: Array<number | string> = [];
  for (let i = 0; i < n; i++) {
    const r = sim.handle({ method: 'POST', path: '/v1/messages', headers: HEADERS, body: body(opts.model?.(i), opts.stream) });
    out.push(r.type === 'json' ? r.status : r.type);
    if (opts.clock && opts.stepMs) opts.clock.advance(opts.stepMs);
  }
  return out;
}

describe('fault plan matching', () => {
  test('first: N hits only the first N matching requests', () => {
    expect(run({ faults: [{ kind: 'overloaded', match: { first: 2 } }] }, 4)).toEqual([529, 529, 200, 200]);
  });

  test('every: N hits the Nth, 2Nth, ...', () => {
    expect(run({ faults: [{ kind: 'server_error', match: { every: 3 } }] }, 7)).toEqual([200, 200, 500, 200, 200, 500, 200]);
  });

  test('probability with a seed replays identically, and is roughly the probability', () => {
    const plan: FaultPlan = { seed: 42, faults: [{ kind: 'unavailable', match: { probability: 0.3 } }] };
    const a = run(plan, 1000);
    expect(run(plan, 1000)).toEqual(a);
    const share = a.filter((s) => s === 503).length / 1000;
    expect(share).toBeGreaterThan(0.25);
    expect(share).toBeLessThan(0.35);
    expect(run({ ...plan, seed: 43 }, 1000)).not.toEqual(a);
  });

  test('model filter', () => {
    const r = run({ faults: [{ kind: 'auth', match: { model: 'claude-sonnet-4-6' } }] }, 4, { model: (i) => (i % 2 ? 'claude-sonnet-4-6' : 'claude-haiku-4-5') });
    expect(r).toEqual([200, 401, 200, 401]);
  });

  test('time window on the simulator clock', () => {
    const clock = new VirtualClock(0, { autoAdvance: false });
    const r = run({ faults: [{ kind: 'rate_limit', match: { from_ms: 2_000, to_ms: 4_000 } }] }, 6, { clock, stepMs: 1_000 });
    expect(r).toEqual([200, 200, 429, 429, 200, 200]);
  });

  test('stream faults touch only streaming requests; terminal faults win over modifiers', () => {
    expect(run({ faults: [{ kind: 'stream_stall' }] }, 1)).toEqual([200]);
    expect(run({ faults: [{ kind: 'stream_stall' }] }, 1, { stream: true })).toEqual(['stream']);
    expect(run({ faults: [{ kind: 'slow_first_token' }, { kind: 'hang' }] }, 1)).toEqual(['hang']);
  });

  test('output and latency faults compose', () => {
    const sim = createSimulator({ latency: NO_LATENCY, plan: { faults: [{ kind: 'slow_first_token', delay_ms: 5_000 }, { kind: 'short' }] } });
    const r = sim.handle({ method: 'POST', path: '/v1/messages', headers: HEADERS, body: body() });
    expect(r.type === 'json' && r.delayMs).toBeGreaterThanOrEqual(5_000);
    expect(r.type === 'json' && JSON.parse(r.body).content[0].text).toBe('OK.');
    expect(sim.log.at(-1)?.fault).toBe('slow_first_token+short');
  });
});

describe('request log', () => {
  test('keeps the newest logLimit entries, oldest first, once it wraps', () => {
    const clock = new VirtualClock(0);
    const sim = createSimulator({ latency: NO_LATENCY, logLimit: 3, clock });
    const at = () => sim.log.map((e) => e.at);
    for (let i = 0; i < 2; i++) {
      sim.handle({ method: 'POST', path: '/v1/messages', headers: HEADERS, body: body() });
      clock.advance(1);
    }
    expect(at()).toEqual([0, 1]);
    for (let i = 0; i < 5; i++) {
      sim.handle({ method: 'POST', path: '/v1/messages', headers: HEADERS, body: body() });
      clock.advance(1);
    }
    expect(at()).toEqual([4, 5, 6]);
    sim.handle({ method: 'POST', path: '/v1/messages', headers: HEADERS, body: body() });
    expect(at()).toEqual([5, 6, 7]);
    expect(createSimulator({ latency: NO_LATENCY, logLimit: 0 }).log).toEqual([]);
  });
});

describe('bad input', () => {
  test('a plan built in code is validated like a plan file: the simulator refuses an unknown kind, naming the field', () => {
    let err: unknown;
    try {
      createSimulator({ latency: NO_LATENCY, plan: { faults: [{ kind: 'overloaded' }, { kind: 'authentication_error' }] } as unknown as FaultPlan });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(CanaryError);
    expect(String((err as CanaryError).problems.map((p) => `${p.path} ${p.message}`))).toMatch(/faults\[1\]\.kind/);
    const sim = createSimulator({ latency: NO_LATENCY });
    expect(() => sim.setPlan({ faults: [{ kind: 'rate_limit', retry_after: -1 }] } as FaultPlan)).toThrow(CanaryError);
  });

  test('an unknown kind names the field and the allowed kinds', () => {
    let err: unknown;
    try {
      parseFaultPlan({ faults: [{ kind: 'rate_limit' }, { kind: 'meltdown' }] }, 'plan.json');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(CanaryError);
    const p = (err as CanaryError).problems;
    expect(p).toHaveLength(1);
    expect(p[0]).toMatchObject({ file: 'plan.json', path: 'faults[1].kind' });
    expect(p[0]!.message).toContain("'rate_limit'");
    expect(p[0]!.message).toContain("'verbose'");
  });

  test('every problem in a plan file is reported with its path', () => {
    const dir = mkdtempSync(join(tmpdir(), 'plan-'));
    const file = join(dir, 'bad.json');
    writeFileSync(file, JSON.stringify({ faults: [{ kind: 'rate_limit', retry_after: 'soon' }, { kind: 'hang', match: { first: 0, surprise: 1 } }] }));
    const err = (() => {
      try {
        loadFaultPlan(file);
      } catch (e) {
        return e as CanaryError;
      }
      return undefined;
    })();
    expect(err?.problems.map((p) => p.path)).toEqual(expect.arrayContaining(['faults[0].retry_after', 'faults[1].match.first', 'faults[1].match']));
    expect(err?.problems.every((p) => p.file === file)).toBe(true);
  });

  test('a plan file that is not JSON names the file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'plan-'));
    const file = join(dir, 'broken.json');
    writeFileSync(file, '{ "faults": [');
    expect(() => loadFaultPlan(file)).toThrow(/broken\.json is not valid JSON/);
  });

  test.each([
    ['rate_limit; retry_after=2; times=2', { rule: { kind: 'rate_limit', retry_after: 2 }, times: 2 }],
    ['stream_error; after_deltas=3; tag=vu7', { rule: { kind: 'stream_error', after_deltas: 3 } }],
    ['refusal; style=wording', { rule: { kind: 'refusal', style: 'wording' } }],
    ['overloaded; x_should_retry=false', { rule: { kind: 'overloaded', x_should_retry: false } }],
  ])('header %s parses', (value, expected) => {
    expect(parseFaultHeader(value)).toEqual(expected);
  });

  test.each([
    ['boom', /unknown fault kind "boom"; allowed kinds: rate_limit/],
    ['rate_limit; retry_after', /"retry_after" is not key=value/],
    ['rate_limit; times=0', /times must be a positive integer/],
    ['hang; delay=5', /Unrecognized key/],
    ['refusal; style=rude', /style/],
  ])('header %s is rejected with a named field', (value, message) => {
    expect(() => parseFaultHeader(value)).toThrow(message);
  });
});
