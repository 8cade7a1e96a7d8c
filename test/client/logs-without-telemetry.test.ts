/**
 * With no OpenTelemetry SDK registered (the library default), spans and metrics are skipped
 * entirely, but the log lines are the same: one per retry and one per call, by level.
 */
import { expect, test } from 'vitest';
import { startInProcessSimulator, type FaultPlan } from '../../mocks/index.ts';
import { ClaudeCallError, createClient } from '../../src/client/index.ts';
import { createLogger } from '../../src/log/index.ts';
import { VirtualClock } from '../../src/shared/clock.ts';
import { params } from './helpers.ts';

async function setup(level: 'info' | 'warn' | 'error', faults: FaultPlan) {
  const clock = new VirtualClock();
  const sim = await startInProcessSimulator({ plan: faults, clock, seed: 3 });
  const lines: Array<Record<string, unknown>> = [];
  const logger = createLogger({ level, destination: { write: (l: string) => void lines.push(JSON.parse(l) as Record<string, unknown>) } });
  // No tracerProvider or meterProvider: the API's global no-ops, as in an app without the OTel SDK.
  const client = createClient({ apiKey: 'sk-ant-test', fetch: sim.fetch, clock, logger, random: () => 0.5 });
  return { client, lines, close: () => sim.close() };
}

test('a retried call logs the retry and the call, with the record ids, when no telemetry SDK is registered', async () => {
  const s = await setup('info', { faults: [{ kind: 'overloaded', match: { first: 1 } }] });
  const { record } = await s.client.call(params());
  s.close();
  expect(s.lines.map((l) => [l['level'], l['event']])).toEqual([
    ['warn', 'retry'],
    ['info', 'call'],
  ]);
  expect(s.lines[0]).toMatchObject({ call_id: record.call_id, attempt: 1, error_kind: 'overloaded', wait_source: 'backoff' });
  expect(s.lines[1]).toMatchObject({ call_id: record.call_id, outcome: 'ok', attempts: 2, prompt_sha256: record.prompt_sha256, output_sha256: record.output_sha256 });
});

test('levels still gate the lines: at warn a failed call is logged and a good one is not; at error neither', async () => {
  const warn = await setup('warn', { faults: [{ kind: 'auth', match: { first: 1 } }] });
  await expect(warn.client.call(params())).rejects.toBeInstanceOf(ClaudeCallError);
  await warn.client.call(params());
  warn.close();
  expect(warn.lines.map((l) => [l['level'], l['event'], l['outcome']])).toEqual([['warn', 'call', 'error']]);

  const error = await setup('error', { faults: [{ kind: 'overloaded', match: { first: 1 } }] });
  await error.client.call(params());
  error.close();
  expect(error.lines).toEqual([]);
});
