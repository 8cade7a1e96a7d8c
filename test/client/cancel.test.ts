/**
 * Ending an attempt early cancels the request that reached fetch (its signal aborts): a hang, a
 * stalled stream or a caller abort never leaves a request running in the background.
 */
import { afterEach, expect, test } from 'vitest';
import { ClaudeCallError, createClient, type ClientOptions } from '../../src/client/index.ts';
import type { FaultPlan } from '../../mocks/index.ts';
import { harness, params, type Harness } from './helpers.ts';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

/** A client whose fetch records the signal of every request that reached it. */
async function watched(plan: FaultPlan, options: ClientOptions = {}) {
  const signals: AbortSignal[] = [];
  h = await harness(plan);
  const sim = h.sim;
  const fetch = (input: string | URL | Request, init?: RequestInit) => {
    signals.push(init!.signal!);
    return sim.fetch(input, init);
  };
  const client = createClient({ apiKey: 'sk-ant-test', fetch, clock: h.clock, random: () => 0.5, ...options });
  return { client, signals };
}

test('an attempt timeout aborts the request that reached fetch (a hang is cancelled, not abandoned)', async () => {
  const { client, signals } = await watched({ faults: [{ kind: 'hang', match: { first: 1 } }] }, { attemptTimeoutMs: 5_000 });
  const { record } = await client.call(params());
  expect(record.attempts.map((a) => a.error_kind)).toEqual(['timeout', null]);
  expect(signals).toHaveLength(2);
  expect(signals[0]!.aborted).toBe(true);
  expect(signals[1]!.aborted).toBe(false);
});

test('a stalled stream is cancelled, and so is a request the caller aborts', async () => {
  const { client, signals } = await watched({ faults: [{ kind: 'stream_stall', after_deltas: 2 }] }, { streamIdleTimeoutMs: 2_000, streamRetry: 'never' });
  const err = (await client.call(params({ stream: true })).catch((e) => e)) as ClaudeCallError;
  expect(err.kind).toBe('stream_interrupted');
  expect(signals[0]!.aborted).toBe(true);

  await h!.close();
  const w = await watched({ faults: [{ kind: 'hang' }] });
  const caller = new AbortController();
  const pending = w.client.call(params(), { signal: caller.signal });
  await new Promise((r) => setImmediate(r));
  caller.abort(new Error('user cancelled'));
  await expect(pending).rejects.toThrow('user cancelled');
  expect(w.signals[0]!.aborted).toBe(true);
});
