/** Chaos checks of alerts, telemetry, logs, spend and the invariants every scenario holds. */
import { describe, expect, it } from 'vitest';
import type { Notification } from '../../src/alerts/notification.ts';
import { checkScenario } from '../../src/chaos/checks.ts';
import type { AlertEventView } from '../../src/chaos/types.ts';
import { attempt, call, named, observed, one, run, span } from './checks-helpers.ts';

const check = (expect: Record<string, unknown>, over: Parameters<typeof observed>[1] = {}, scenario: Parameters<typeof observed>[0] = {}) =>
  checkScenario(observed({ ...scenario, expect }, over));

const ev = (rule: string, state: AlertEventView['state'], at_ms: number): AlertEventView => ({ rule, state, at_ms, labels: {} });
const note = (rule_id: string, status: Notification['status']) => ({ rule_id, status }) as Notification;

describe('alerts', () => {
  const alerts = [ev('err', 'pending', 30_000), ev('err', 'firing', 60_000), ev('other', 'firing', 10_000), ev('err', 'resolved', 120_000), ev('err', 'firing', 200_000)];
  const notifications = [note('err', 'firing'), note('err', 'resolved'), note('err', 'firing'), note('other', 'firing')];

  it('fire: the first firing, within and not before the window, both ends inclusive', () => {
    const v = check({ alerts: { fire: [{ rule: 'err', within_ms: 60_000, not_before_ms: 60_000 }] } }, { alerts, notifications });
    expect(named(v, 'alert err fires')).toEqual([{ name: 'alert err fires', pass: true, expected: 'fires not before 60s, within 60s', actual: 'fired at 60s' }]);
    expect(one(check({ alerts: { fire: [{ rule: 'err', within_ms: 59_999 }] } }, { alerts, notifications }), 'alert err fires')).toEqual({ name: 'alert err fires', pass: false, expected: 'fires within 59.999s', actual: 'fired at 60s' });
    expect(one(check({ alerts: { fire: [{ rule: 'err', not_before_ms: 60_001 }] } }, { alerts, notifications }), 'alert err fires')).toEqual({ name: 'alert err fires', pass: false, expected: 'fires not before 60.001s', actual: 'fired at 60s' });
    expect(one(check({ alerts: { fire: [{ rule: 'err' }] } }, { alerts, notifications }), 'alert err fires')).toEqual({ name: 'alert err fires', pass: true, expected: 'fires', actual: 'fired at 60s' });
  });

  it('fire: a rule that never fired fails (pending is not firing), and is not notified', () => {
    const v = check({ alerts: { fire: [{ rule: 'quiet' }] } }, { alerts: [ev('quiet', 'pending', 5_000)], notifications: [] });
    expect(v.slice(0, 2)).toEqual([
      { name: 'alert quiet fires', pass: false, expected: 'fires', actual: 'never fired' },
      { name: 'alert quiet notified once per firing', pass: false, expected: '0 firing notification(s)', actual: '0' },
    ]);
  });

  it('one firing notification per firing episode of the rule, no more and no fewer', () => {
    expect(one(check({ alerts: { fire: [{ rule: 'err' }] } }, { alerts, notifications }), 'alert err notified once per firing')).toEqual({
      name: 'alert err notified once per firing',
      pass: true,
      expected: '2 firing notification(s)',
      actual: '2',
    });
    const dup = [...notifications, note('err', 'firing')];
    expect(one(check({ alerts: { fire: [{ rule: 'err' }] } }, { alerts, notifications: dup }), 'alert err notified once per firing')).toMatchObject({ pass: false, actual: '3' });
    const lost = notifications.slice(1);
    expect(one(check({ alerts: { fire: [{ rule: 'err' }] } }, { alerts, notifications: lost }), 'alert err notified once per firing')).toMatchObject({ pass: false, actual: '1' });
  });

  it('resolve: the first resolution, within and not before, both ends inclusive', () => {
    const r = (a: Record<string, unknown>) => one(check({ alerts: { resolve: [{ rule: 'err', ...a }] } }, { alerts }), 'alert err resolves');
    expect(r({ within_ms: 120_000, not_before_ms: 120_000 })).toEqual({ name: 'alert err resolves', pass: true, expected: 'resolves within 120s', actual: 'resolved at 120s' });
    expect(r({ within_ms: 119_999 })).toMatchObject({ pass: false });
    expect(r({ within_ms: 120_000 })).toMatchObject({ pass: true });
    expect(r({ not_before_ms: 120_000 })).toMatchObject({ pass: true });
    expect(r({})).toEqual({ name: 'alert err resolves', pass: true, expected: 'resolves', actual: 'resolved at 120s' });
    expect(r({ not_before_ms: 120_001 })).toEqual({ name: 'alert err resolves', pass: false, expected: 'resolves', actual: 'resolved at 120s' });
    expect(one(check({ alerts: { resolve: [{ rule: 'other' }] } }, { alerts }), 'alert other resolves')).toEqual({ name: 'alert other resolves', pass: false, expected: 'resolves', actual: 'never resolved' });
  });

  it('not_fire: named rules, or any rule', () => {
    expect(one(check({ alerts: { not_fire: ['err', 'silent'] } }, { alerts }), 'alerts err, silent stay quiet')).toEqual({ name: 'alerts err, silent stay quiet', pass: false, expected: 'none firing', actual: 'fired: err' });
    expect(one(check({ alerts: { not_fire: ['silent'] } }, { alerts: [...alerts, ev('silent', 'pending', 1)] }), 'alerts silent stay quiet')).toEqual({ name: 'alerts silent stay quiet', pass: true, expected: 'none firing', actual: 'none' });
    expect(one(check({ alerts: { not_fire: 'any' } }, { alerts }), 'no alert fires')).toEqual({ name: 'no alert fires', pass: false, expected: 'none firing', actual: 'fired: err, other' });
    expect(one(check({ alerts: { not_fire: 'any' } }, { alerts: [ev('err', 'pending', 1), ev('err', 'resolved', 2)] }), 'no alert fires')).toMatchObject({ pass: true, actual: 'none' });
  });
});

describe('telemetry', () => {
  const spans = [
    span('chat claude-haiku-4-5', 'c1', undefined, { 'error.type': 'overloaded' }),
    span('attempt 1', 'a1', 'c1'),
    span('attempt 2', 'a2', 'c1'),
    span('count_tokens claude-haiku-4-5', 'k1', 'c1', { 'gen_ai.operation.name': 'count_tokens' }), // the context guard's: not an attempt
    span('chat claude-haiku-4-5', 'c2', 'root', { 'error.type': 429 }),
    span('attempt 1', 'a3', 'c2'),
    span('anthropic.messages.create', 's1', 'a3'), // a grandchild: not an attempt
    span('other', 'o1', 'x'), // not under a call
    span('prechat x', 'p1', undefined, { 'error.type': 'nope' }),
    span('chat claude-haiku-4-5', 'c3'), // a call that did not fail: no error.type
  ];

  it('attempt spans: direct children of call spans only, less the context guard’s count_tokens spans', () => {
    expect(one(check({ telemetry: { attempt_spans: 3 } }, { spans }), 'attempt spans')).toEqual({ name: 'attempt spans', pass: true, expected: '3', actual: '3' });
    expect(one(check({ telemetry: { attempt_spans: 4 } }, { spans }), 'attempt spans')).toEqual({ name: 'attempt spans', pass: false, expected: '4', actual: '3' });
    expect(one(check({ telemetry: { attempt_spans: 0 } }, { spans: [] }), 'attempt spans').pass).toBe(true);
  });

  it('call_error_types: each must be on some call span', () => {
    const v = check({ telemetry: { call_error_types: ['overloaded', '429', 'nope'] } }, { spans });
    expect(v.slice(0, 3)).toEqual([
      { name: 'call span error.type overloaded', pass: true, expected: 'overloaded', actual: 'overloaded, 429' },
      { name: 'call span error.type 429', pass: true, expected: '429', actual: 'overloaded, 429' },
      { name: 'call span error.type nope', pass: false, expected: 'nope', actual: 'overloaded, 429' },
    ]);
    expect(one(check({ telemetry: { call_error_types: ['x'] } }, { spans: [] }), 'call span error.type x')).toMatchObject({ pass: false, actual: 'none' });
  });

  it('metrics: each named metric must have points', () => {
    const points = [{ name: 'gen_ai.client.operation.duration', unit: 's', attributes: {}, value: 1 }, { name: 'gen_ai.client.operation.duration', unit: 's', attributes: {}, value: 2 }];
    const v = check({ telemetry: { metrics: ['gen_ai.client.operation.duration', 'gen_ai.client.token.usage'] } }, { points });
    expect(v.slice(0, 2)).toEqual([
      { name: 'metric gen_ai.client.operation.duration recorded', pass: true, expected: 'points', actual: '2 points' },
      { name: 'metric gen_ai.client.token.usage recorded', pass: false, expected: 'points', actual: '0 points' },
    ]);
  });
});

describe('logs, spend, requests, virtual time', () => {
  const logLines = [{ event: 'retry' }, { event: 'call' }, { event: 'retry' }, {}, { event: 'retrying' }].map((l) => JSON.stringify(l));

  it('counts retry and call log lines in bounds', () => {
    const v = check({ logs: { retry_lines: { min: 2, max: 2 }, call_lines: { min: 2 } } }, { logLines });
    expect(v.slice(0, 2)).toEqual([
      { name: 'retry log lines', pass: true, expected: '2..2', actual: '2' },
      { name: 'call log lines', pass: false, expected: '>= 2', actual: '1' },
    ]);
  });

  it('spend sums the runs of the calls (unpriced as 0), to the microdollar', () => {
    const calls = [call(0), call(1), call(2)];
    const runs = [run({ cost_usd: 0.25 }), run({ cost_usd: null }), run({ cost_usd: 0.5 }), run({ cost_usd: 100 })];
    expect(one(check({ cost_usd: { min: 0.75, max: 0.75 } }, { calls, runs }), 'spend')).toEqual({ name: 'spend', pass: true, expected: '$ 0.75..0.75', actual: '$0.750000' });
    expect(one(check({ cost_usd: { max: 0.7 } }, { calls, runs: runs.slice(0, 1) }), 'spend')).toEqual({ name: 'spend', pass: true, expected: '$ <= 0.7', actual: '$0.250000' });
  });

  it('requests that reached the API and virtual duration, in bounds', () => {
    const v = check({ api_requests: { max: 0 }, virtual_ms: { min: 60_000, max: 60_000 } }, { apiRequests: 1, virtualMs: 60_000 });
    expect(v.slice(0, 2)).toEqual([
      { name: 'requests that reached the API', pass: false, expected: '<= 0', actual: '1' },
      { name: 'virtual duration', pass: true, expected: '60000..60000 ms', actual: '60000 ms' },
    ]);
  });
});

describe('invariants every scenario holds', () => {
  it('a healthy scenario with no expectations passes exactly these checks', () => {
    expect(check({})).toEqual([
      { name: 'no call exceeds its attempt budget', pass: true, expected: '<= 3 attempts', actual: 'ok' },
      { name: 'text is never delivered twice', pass: true, expected: 'no retry after text reached the caller', actual: 'ok' },
      { name: 'no secret in logs, spans or metrics', pass: true, expected: 'absent', actual: 'absent' },
    ]);
  });

  it('attempt budget: maxRetries + 1 from the scenario retry settings, at the limit passes', () => {
    const calls = [call(0, { attempts: [attempt(), attempt()] }), call(1, { attempts: [attempt(), attempt(), attempt()] }), call(2, { attempts: [attempt(), attempt(), attempt()] })];
    expect(one(check({}, { calls }, { client: { retry: { maxRetries: 1 } } }), 'no call exceeds its attempt budget')).toEqual({
      name: 'no call exceeds its attempt budget',
      pass: false,
      expected: '<= 2 attempts',
      actual: 'call 1: 3, call 2: 3',
    });
    expect(one(check({}, { calls }), 'no call exceeds its attempt budget').pass).toBe(true);
  });

  it('text delivered by an attempt that was retried fails; delivered by the last attempt is fine', () => {
    const calls = [call(0), call(1), call(2), call(3)];
    const runs = [run({ delivered: [false, true] }), run({ delivered: [true, false] }), run({ record: null }), run({ delivered: [false, true, false] })];
    expect(one(check({}, { calls, runs }), 'text is never delivered twice')).toEqual({
      name: 'text is never delivered twice',
      pass: false,
      expected: 'no retry after text reached the caller',
      actual: 'calls 1, 3 retried after text',
    });
  });

  it('with deliver_text, what the consumer received must equal the final answer', () => {
    const calls = [call(0), call(1), call(2), call(3)];
    const runs = [run({ text: 'Hello.' }), run({ text: 'Hello.' }), run({ text: '' }), run({ text: 'Hi' })];
    const deliveredText = ['Hello.', 'HelHello.', 'partial', ''];
    const v = check({}, { calls, runs, deliveredText }, { workload: { deliver_text: true } });
    expect(one(v, 'consumer received each answer exactly once')).toEqual({
      name: 'consumer received each answer exactly once',
      pass: false,
      expected: 'delivered text equals the final answer',
      actual: 'calls 1 received text twice or mixed',
    });
    expect(one(check({}, { calls, runs, deliveredText: ['Hello.', 'Hello.'] }, { workload: { deliver_text: true } }), 'consumer received each answer exactly once')).toMatchObject({ pass: true, actual: 'ok' });
    expect(one(check({}, { calls, runs, deliveredText: ['Hello.Hello.', 'HelHello.'] }, { workload: { deliver_text: true } }), 'consumer received each answer exactly once')).toMatchObject({
      pass: false,
      actual: 'calls 0, 1 received text twice or mixed',
    });
    expect(named(check({}, { calls, runs, deliveredText }), 'consumer received each answer exactly once')).toEqual([]);
  });

  it('a sentinel secret anywhere in logs, span attributes or metric attributes is a leak', () => {
    const secret = 'sk-ant-sentinel-123';
    const leak = (over: Parameters<typeof observed>[1]) => one(check({}, { sentinels: ['other-sentinel', secret], ...over }), 'no secret in logs, spans or metrics');
    expect(leak({ logLines: [`{"msg":"key ${secret}"}`] })).toEqual({ name: 'no secret in logs, spans or metrics', pass: false, expected: 'absent', actual: 'LEAKED' });
    expect(leak({ spans: [span('chat x', 'c', undefined, { 'http.header': secret })] }).pass).toBe(false);
    expect(leak({ points: [{ name: 'm', unit: '1', attributes: { key: secret }, value: 1 }] }).pass).toBe(false);
    // Lines are searched one by one: a secret's halves on two lines are not the secret.
    expect(leak({ logLines: ['{"msg":"sk-ant-"}', '{"msg":"sentinel-123"}'] }).pass).toBe(true);
    expect(leak({ logLines: ['sk-ant-', 'sentinel-123'] }).pass).toBe(true);
    expect(leak({ logLines: ['{"msg":"sk-ant-sentinel-12"}'], spans: [span('chat x', 'c', undefined, { ok: 1 })], points: [{ name: 'm', unit: '1', attributes: {}, value: 1 }] })).toMatchObject({ pass: true, actual: 'absent' });
  });
});
