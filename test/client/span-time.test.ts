/**
 * The call span's times: given to the SDK as `[seconds, nanoseconds]` (spanTime), they must be
 * exactly what the SDK made of the record's epoch-ms times before (its own millisToHrTime), and
 * a virtual clock's small times still go as numbers.
 */
import { core } from '@opentelemetry/sdk-node';
import { expect, test } from 'vitest';
import { spanTime } from '../../src/client/observer.ts';
import { harness, params } from './helpers.ts';

test('spanTime converts epoch ms as the SDK does, sub-ms fractions included, and leaves small times as numbers', () => {
  for (const ms of [Date.UTC(2026, 0, 1), Date.UTC(2026, 11, 7, 3, 45, 12, 345), 1_765_000_000_123.456, 1_765_000_000_999.9999]) {
    expect(spanTime(ms)).toEqual(core.millisToHrTime(ms));
  }
  expect(spanTime(0)).toBe(0);
  expect(spanTime(12_345.5)).toBe(12_345.5);
});

test("the call span starts and ends at the record's times, to the millisecond", async () => {
  const h = await harness();
  try {
    h.clock.advance(1234);
    const { record } = await h.client.call(params());
    await h.tel.flush();
    const [span] = h.tel.spans().filter((s) => s.name.startsWith('chat '));
    expect(span).toBeDefined();
    const ms = (t: [number, number]) => t[0] * 1000 + t[1] / 1e6;
    expect(ms(span!.startTime)).toBe(record.started_at);
    expect(ms(span!.endTime)).toBe(record.finished_at);
  } finally {
    await h.close();
  }
});
