/**
 * The simulator as a plain `fetch` (`claude-canary/sim` createFetchSimulator): what the official
 * SDK sees through it for the faults a network produces, and that an abort always ends a call.
 */
import Anthropic from '@anthropic-ai/sdk';
import { describe, expect, it } from 'vitest';
import { createFetchSimulator, NO_LATENCY, type FaultPlan } from '../../src/sim.ts';

const params = { model: 'claude-haiku-4-5', max_tokens: 64, messages: [{ role: 'user' as const, content: 'Say hello' }] };

function sdkFor(plan: FaultPlan, options: { maxRetries?: number; timeout?: number } = {}) {
  const s = createFetchSimulator({ plan, latency: NO_LATENCY });
  const anthropic = new Anthropic({ apiKey: 'sk-ant-in-process-test', baseURL: s.baseURL, fetch: s.fetch, maxRetries: options.maxRetries ?? 0, timeout: options.timeout ?? 10_000 });
  return { ...s, anthropic };
}

describe('the in-process fetch simulator', () => {
  it('answers through the SDK and retries a 529 the SDK way; the journal shows both', async () => {
    const { anthropic, sim } = sdkFor({ faults: [{ kind: 'overloaded', match: { first: 1 } }] }, { maxRetries: 2 });
    const msg = await anthropic.messages.create(params);
    expect(msg.content[0]?.type).toBe('text');
    expect(sim.journal().map((e) => e.status)).toEqual([529, 200]);
  });

  it('a reset is a connection error, as undici reports one', async () => {
    const { anthropic } = sdkFor({ faults: [{ kind: 'reset' }] });
    await expect(anthropic.messages.create(params)).rejects.toBeInstanceOf(Anthropic.APIConnectionError);
  });

  it('a hang ends at the SDK timeout instead of never', async () => {
    const { anthropic } = sdkFor({ faults: [{ kind: 'hang' }] }, { timeout: 300 });
    await expect(anthropic.messages.create(params)).rejects.toBeInstanceOf(Anthropic.APIConnectionTimeoutError);
  });

  it('aborting a stream that stalled ends the iteration (without the abort it would wait forever)', async () => {
    const { anthropic } = sdkFor({ faults: [{ kind: 'stream_stall', after_deltas: 1 }] });
    const controller = new AbortController();
    const stream = await anthropic.messages.create({ ...params, stream: true }, { signal: controller.signal });
    const events: string[] = [];
    const consumed = (async () => {
      for await (const e of stream) {
        events.push(e.type);
        if (e.type === 'content_block_delta') setTimeout(() => controller.abort(), 20);
      }
    })();
    await consumed; // the SDK ends a stream's iteration quietly on an AbortError
    expect(controller.signal.aborted).toBe(true);
    expect(events).toContain('content_block_delta');
    expect(events).not.toContain('message_stop');
  });
});
