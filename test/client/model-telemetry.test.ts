/**
 * The per-model metric state behind the client's cheap call path: measurements wait in their
 * series until metrics are collected, bounded when nobody collects; headroom is read from the
 * newest headers at collection and kept when newer headers carry none.
 */
import { afterEach, expect, test } from 'vitest';
import { measure, modelTelemetry, observeHeadroom, PENDING_MAX, seriesOf, type ModelTelemetry } from '../../src/client/model-telemetry.ts';
import type { CallRecord } from '../../src/client/types.ts';
import { createInMemoryTelemetry, type InMemoryTelemetry } from '../../src/telemetry/in-memory.ts';
import { createInstruments } from '../../src/telemetry/instruments.ts';

const SERVER = { address: 'api.anthropic.com', port: 443 };
const ok = { response_model: 'claude-haiku-4-5-20251001', circuit_open: false } as CallRecord;
let tel: InMemoryTelemetry | undefined;
afterEach(async () => {
  await tel?.shutdown();
  tel = undefined;
});

test('a series holds at most PENDING_MAX numbers: past that its calls are recorded on the spot, none lost', async () => {
  tel = createInMemoryTelemetry();
  const instruments = createInstruments(tel.meterProvider); // no collection callback: nothing else records
  const models = new Map<string, ModelTelemetry>();
  const s = seriesOf(modelTelemetry(models, 'claude-haiku-4-5', SERVER, instruments), ok, undefined);
  const calls = PENDING_MAX / 4;
  for (let i = 0; i < calls - 1; i++) measure(instruments, s, 0.5, NaN, 10, 20);
  expect(s.pending).toHaveLength(PENDING_MAX - 4);
  measure(instruments, s, 0.5, NaN, 10, 20);
  expect(s.pending).toHaveLength(0);
  await tel.flush();
  expect(tel.points('gen_ai.client.operation.duration')[0]!.count).toBe(calls);
  expect(tel.points('gen_ai.client.token.usage').map((p) => [p.attributes['gen_ai.token.type'], p.count, p.value])).toEqual([
    ['input', calls, 10 * calls],
    ['output', calls, 20 * calls],
  ]);
  expect(tel.points('gen_ai.client.operation.time_to_first_chunk')).toHaveLength(0); // NaN: not a stream
});

test('headroom: parsed from the newest headers at collection, and kept when newer headers carry none', () => {
  const instruments = createInstruments(); // the API's no-op meter: state only
  const models = new Map<string, ModelTelemetry>();
  const m = modelTelemetry(models, 'claude-haiku-4-5', SERVER, instruments);
  const seen: Array<[number, unknown]> = [];
  const result = { observe: (v: number, a?: Record<string, unknown>) => void seen.push([v, a?.['claude_canary.ratelimit.bucket']]) };
  m.headers = new Headers({ 'anthropic-ratelimit-requests-remaining': '7' });
  m.headers = new Headers({ 'anthropic-ratelimit-requests-remaining': '5', 'anthropic-ratelimit-tokens-remaining': '900' });
  observeHeadroom(models, result);
  expect(seen).toEqual([
    [5, 'requests'],
    [900, 'tokens'],
  ]);
  expect(m.headers).toBeNull();
  seen.length = 0;
  m.headers = new Headers({ 'content-type': 'application/json' }); // e.g. a proxy's 502
  observeHeadroom(models, result);
  expect(seen).toEqual([
    [5, 'requests'],
    [900, 'tokens'],
  ]);
});
