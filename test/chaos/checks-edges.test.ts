/** Chaos checks edges: expectations given in part, and calls without a run. */
import { expect, it } from 'vitest';
import { checkScenario } from '../../src/chaos/checks.ts';
import { call, observed, run } from './checks-helpers.ts';

const INVARIANTS = ['no call exceeds its attempt budget', 'text is never delivered twice', 'no secret in logs, spans or metrics'];

it('telemetry with attempt_spans only checks attempt spans (no metric, no error type)', () => {
  expect(checkScenario(observed({ expect: { telemetry: { attempt_spans: 0 } } })).map((v) => v.name)).toEqual(['attempt spans', ...INVARIANTS]);
});

it('logs with one count only checks that count', () => {
  const lines = [JSON.stringify({ event: 'call' })];
  expect(checkScenario(observed({ expect: { logs: { call_lines: { min: 1 } } } }, { logLines: lines })).map((v) => [v.name, v.pass])).toEqual([['call log lines', true], ...INVARIANTS.map((n) => [n, true])]);
  expect(checkScenario(observed({ expect: { logs: { retry_lines: { max: 0 } } } }, { logLines: lines })).map((v) => [v.name, v.pass])).toEqual([['retry log lines', true], ...INVARIANTS.map((n) => [n, true])]);
});

it('with deliver_text, text delivered for a call that has no run is not held against it', () => {
  const v = checkScenario(observed({ workload: { deliver_text: true }, expect: {} }, { calls: [call(0), call(1)], runs: [run({ text: 'Hi' })], deliveredText: ['Hi', 'partial'] }));
  expect(v.find((c) => c.name === 'consumer received each answer exactly once')).toMatchObject({ pass: true, actual: 'ok' });
});

it('no_flags names every flag a call carries', () => {
  const v = checkScenario(observed({ expect: { every_call: { no_flags: true } } }, { calls: [call(0, { flags: ['empty', 'truncated'] })] }));
  expect(v[0]).toEqual({ name: 'call 0 no flags', pass: false, expected: 'none', actual: 'empty, truncated' });
});
