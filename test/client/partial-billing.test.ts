import { afterEach, expect, test } from 'vitest';
import { ClaudeCallError } from '../../src/client/index.ts';
import { harness, MODEL, type Harness } from './helpers.ts';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const params = { model: MODEL, max_tokens: 400, stream: true, messages: [{ role: 'user' as const, content: 'Describe a healthy canary in detail.' }] };

test('a stream that broke after text was delivered is still billed: input plus the output so far', async () => {
  h = await harness({ faults: [{ kind: 'stream_error', after_deltas: 4 }] });
  let delivered = '';
  const err = (await h.client.call(params, { onText: (t) => void (delivered += t) }).catch((e: unknown) => e)) as ClaudeCallError;
  expect(err).toBeInstanceOf(ClaudeCallError);
  const r = err.record;
  expect(r).toMatchObject({ error_kind: 'stream_interrupted', partial_attempts_billed: 1 });
  expect(r.usage!.input_tokens).toBeGreaterThan(0);
  expect(r.usage!.output_tokens).toBeGreaterThanOrEqual(Math.ceil(delivered.length / 4));
  expect(r.cost_usd).toBeGreaterThan(0);
});

test('a stream retried before any text counts both attempts: the broken one and the answer', async () => {
  h = await harness({ faults: [{ kind: 'stream_error', after_deltas: 0, match: { first: 1 } }] });
  const ok = await h.client.call(params);
  const single = await h.client.call(params); // the same request, healthy first time
  expect(ok.record.partial_attempts_billed).toBe(1);
  expect(single.record.partial_attempts_billed).toBe(0);
  expect(ok.record.usage!.input_tokens).toBe(2 * single.record.usage!.input_tokens);
  expect(ok.record.cost_usd!).toBeGreaterThan(single.record.cost_usd!);
});

test('a failure before any response (a 529) bills nothing', async () => {
  h = await harness({ faults: [{ kind: 'overloaded' }] });
  const err = (await h.client.call(params).catch((e: unknown) => e)) as ClaudeCallError;
  expect(err.record).toMatchObject({ error_kind: 'overloaded', usage: null, cost_usd: null, partial_attempts_billed: 0 });
});
