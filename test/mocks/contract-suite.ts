/**
 * The contract suite: the official SDK (`messages.create`, `messages.stream`,
 * `messages.countTokens`, `models.list`) against the simulator. Registered once per transport.
 */
import { APIUserAbortError, BadRequestError, NotFoundError } from '@anthropic-ai/sdk';
import type { RawMessageStreamEvent } from '@anthropic-ai/sdk/resources/messages';
import { describe, expect, test } from 'vitest';
import { assertEveryKindCovered, ERROR_CASES, PARAMS, runErrorCase, tagged, type Harness } from './contract-cases.ts';

function uniqueWordRatio(text: string): number {
  const words = text.toLowerCase().match(/[a-z']+/g) ?? [];
  return new Set(words).size / Math.max(1, words.length);
}

export function contractSuite(getHarness: () => Harness): void {
  test('every fault kind has a contract case', () => assertEveryKindCovered());

  describe('faults as the SDK sees them', () => {
    for (const [name, c] of Object.entries(ERROR_CASES)) {
      test.concurrent(`${name}: ${c.error.name}, ${c.status ?? 'no status'}, ${c.attempts} attempt(s)`, () => runErrorCase(getHarness(), c));
    }

    test.concurrent('stream_stall: text arrives, then nothing, until the caller aborts', async () => {
      const { sdk } = getHarness().client(tagged('stream_stall; after_deltas=3'));
      const ac = new AbortController();
      const s = sdk.messages.stream(PARAMS, { signal: ac.signal });
      let text = '';
      let deltas = 0;
      s.on('text', (t) => {
        text += t;
        deltas++;
      });
      const settled = s.finalMessage().then(
        () => 'resolved',
        (e: unknown) => e,
      );
      const early = await Promise.race([settled, new Promise((r) => setTimeout(() => r('pending'), 400))]);
      expect(early).toBe('pending');
      expect(deltas).toBe(3);
      expect(text.length).toBeGreaterThan(0);
      ac.abort();
      expect(await settled).toBeInstanceOf(APIUserAbortError);
    });

    test.concurrent('stream_runaway: text keeps coming past max_tokens (PARAMS.max_tokens), with no message_stop, until the caller aborts', async () => {
      const { sdk } = getHarness().client(tagged('stream_runaway; usage_every=5'));
      const ac = new AbortController();
      const s = sdk.messages.stream(PARAMS, { signal: ac.signal });
      const settled = s.finalMessage().then(
        () => 'resolved',
        (e: unknown) => e,
      );
      let text = '';
      let reported = 0;
      await new Promise<void>((resolve) => {
        s.on('text', (t) => {
          text += t;
          if (text.length > PARAMS.max_tokens * 4 * 3) resolve();
        });
        s.on('streamEvent', (e: RawMessageStreamEvent) => {
          if (e.type === 'message_delta') reported = e.usage.output_tokens;
        });
      });
      expect(reported).toBeGreaterThan(0);
      ac.abort();
      expect(await settled).toBeInstanceOf(APIUserAbortError);
    });

    test.concurrent('slow_first_token: the first text arrives only after the delay', async () => {
      const { sdk } = getHarness().client(tagged('slow_first_token; delay_ms=400'));
      const t0 = Date.now();
      let first = -1;
      const s = sdk.messages.stream(PARAMS);
      s.on('text', () => {
        if (first < 0) first = Date.now() - t0;
      });
      const m = await s.finalMessage();
      expect(m.stop_reason).toBe('end_turn');
      expect(first).toBeGreaterThanOrEqual(300); // 80% of the delay comes before the first delta
    });

    test.concurrent('short: a tiny answer', async () => {
      const m = await getHarness().client(tagged('short')).sdk.messages.create(PARAMS);
      expect(m.content).toEqual([expect.objectContaining({ type: 'text', text: 'OK.' })]);
      expect(m.usage.output_tokens).toBe(1);
    });

    test.concurrent('refusal: stop_reason refusal with refusal stop_details, no text', async () => {
      const m = await getHarness().client(tagged('refusal')).sdk.messages.create(PARAMS);
      expect(m.stop_reason).toBe('refusal');
      expect(m.content).toEqual([]);
      expect(m.stop_details).toMatchObject({ type: 'refusal' });
    });

    test.concurrent('refusal; style=wording: refusal words, end_turn', async () => {
      const s = getHarness().client(tagged('refusal; style=wording')).sdk.messages.stream(PARAMS);
      const m = await s.finalMessage();
      expect(m.stop_reason).toBe('end_turn');
      expect(m.content[0]).toMatchObject({ type: 'text', text: expect.stringMatching(/^I'm sorry, but I can't/) });
    });

    test.concurrent('repetitive: one sentence looping', async () => {
      const m = await getHarness().client(tagged('repetitive')).sdk.messages.create(PARAMS);
      const text = m.content[0]?.type === 'text' ? m.content[0].text : '';
      expect(text.length).toBeGreaterThan(500);
      expect(uniqueWordRatio(text)).toBeLessThan(0.1);
    });

    test.concurrent('verbose: runs to max_tokens, streamed usage is cumulative', async () => {
      const s = getHarness().client(tagged('verbose')).sdk.messages.stream({ ...PARAMS, max_tokens: 400 });
      const m = await s.finalMessage();
      expect(m.stop_reason).toBe('max_tokens');
      expect(m.usage.output_tokens).toBe(400);
    });
  });

  describe('a healthy API', () => {
    test.concurrent('create: text, usage with cache fields, request id, rate-limit headers', async () => {
      const { data, response, request_id } = await getHarness().client().sdk.messages.create(PARAMS).withResponse();
      expect(data).toMatchObject({ type: 'message', role: 'assistant', model: 'claude-haiku-4-5-20251001', stop_reason: 'end_turn' });
      expect(data.id).toMatch(/^msg_01[0-9A-Za-z]{22}$/);
      expect(data.usage).toMatchObject({ cache_creation_input_tokens: 0, cache_read_input_tokens: 0, cache_creation: { ephemeral_5m_input_tokens: 0, ephemeral_1h_input_tokens: 0 } });
      expect(data.usage.input_tokens).toBeGreaterThan(0);
      expect(request_id).toBe(response.headers.get('request-id'));
      for (const b of ['requests', 'tokens', 'input-tokens', 'output-tokens']) {
        expect(response.headers.get(`anthropic-ratelimit-${b}-limit`)).toMatch(/^\d+$/);
        expect(response.headers.get(`anthropic-ratelimit-${b}-remaining`)).toMatch(/^\d+$/);
        expect(response.headers.get(`anthropic-ratelimit-${b}-reset`)).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
      }
    });

    test.concurrent('stream: documented event order, text equals the non-streamed reply', async () => {
      const { sdk } = getHarness().client();
      const events: RawMessageStreamEvent[] = [];
      const raw = await sdk.messages.create({ ...PARAMS, stream: true });
      for await (const e of raw) events.push(e);
      const types = events.map((e) => e.type);
      expect(types[0]).toBe('message_start');
      expect(types[1]).toBe('content_block_start');
      expect(types.slice(-3)).toEqual(['content_block_stop', 'message_delta', 'message_stop']);
      expect(types.slice(2, -3).every((t) => t === 'content_block_delta')).toBe(true);
      const text = events.map((e) => (e.type === 'content_block_delta' && e.delta.type === 'text_delta' ? e.delta.text : '')).join('');
      const plain = await sdk.messages.create(PARAMS);
      expect(text).toBe(plain.content[0]?.type === 'text' ? plain.content[0].text : null);
      const delta = events.find((e) => e.type === 'message_delta');
      expect(delta?.type === 'message_delta' && delta.usage.output_tokens).toBe(plain.usage.output_tokens);
    });

    test.concurrent('same request, same reply; different ids', async () => {
      const { sdk } = getHarness().client();
      const a = await sdk.messages.create(PARAMS);
      const b = await sdk.messages.create(PARAMS);
      expect(a.content).toEqual(b.content);
      expect(a.id).not.toBe(b.id);
      const c = await sdk.messages.create({ ...PARAMS, system: 'You are terse.' });
      expect(c.content).not.toEqual(a.content);
      expect(c.usage.input_tokens).toBeGreaterThan(a.usage.input_tokens);
    });

    test.concurrent('honours max_tokens and stop_sequences', async () => {
      const { sdk } = getHarness().client();
      const cut = await sdk.messages.create({ ...PARAMS, max_tokens: 7 });
      expect(cut.stop_reason).toBe('max_tokens');
      expect(cut.usage.output_tokens).toBe(7);
      const stop = await sdk.messages.create({ ...PARAMS, stop_sequences: ['.'] });
      expect(stop.stop_reason).toBe('stop_sequence');
      expect(stop.stop_sequence).toBe('.');
      expect(stop.content[0]?.type === 'text' && stop.content[0].text).not.toContain('.');
    });

    test.concurrent('answers JSON when asked, and exact echoes', async () => {
      const { sdk } = getHarness().client();
      const j = await sdk.messages.create({ ...PARAMS, messages: [{ role: 'user', content: 'Return a JSON object describing the service status.' }] });
      expect(() => JSON.parse(j.content[0]?.type === 'text' ? j.content[0].text : '')).not.toThrow();
      const e = await sdk.messages.create({ ...PARAMS, messages: [{ role: 'user', content: 'Reply with exactly: pong' }] });
      expect(e.content[0]).toMatchObject({ text: 'pong' });
    });

    test.concurrent('countTokens agrees with the usage of the same prompt', async () => {
      const { sdk } = getHarness().client();
      const n = await sdk.messages.countTokens({ model: PARAMS.model, messages: PARAMS.messages, system: 'Be brief.' });
      const m = await sdk.messages.create({ ...PARAMS, system: 'Be brief.' });
      expect(n.input_tokens).toBe(m.usage.input_tokens);
    });

    test.concurrent('models.list lists the catalogue with limits', async () => {
      const page = await getHarness().client().sdk.models.list();
      const haiku = page.data.find((m) => m.id === 'claude-haiku-4-5-20251001') as unknown as { max_input_tokens: number; max_tokens: number };
      expect(haiku).toMatchObject({ max_input_tokens: 200000, max_tokens: 64000 });
      expect(page.data.some((m) => m.id === 'claude-opus-4-1-20250805')).toBe(false); // retired
    });

    test.concurrent('prompt caching: write on first sight (split by TTL), read after', async () => {
      const { sdk } = getHarness().client();
      const big = `Reference manual ${Math.random()}. ` + 'Canaries check latency, errors and cost. '.repeat(150);
      const params = {
        ...PARAMS,
        system: [
          { type: 'text' as const, text: big, cache_control: { type: 'ephemeral' as const, ttl: '1h' as const } },
          { type: 'text' as const, text: big.toUpperCase(), cache_control: { type: 'ephemeral' as const } },
        ],
      };
      const first = await sdk.messages.create(params);
      expect(first.usage.cache_read_input_tokens).toBe(0);
      expect(first.usage.cache_creation?.ephemeral_1h_input_tokens).toBeGreaterThan(1000);
      expect(first.usage.cache_creation?.ephemeral_5m_input_tokens).toBeGreaterThan(1000);
      const total = first.usage.input_tokens + (first.usage.cache_creation_input_tokens ?? 0);
      const second = await sdk.messages.create(params);
      expect(second.usage.cache_creation_input_tokens).toBe(0);
      expect(second.usage.cache_read_input_tokens).toBe(first.usage.cache_creation_input_tokens);
      expect(second.usage.input_tokens + (second.usage.cache_read_input_tokens ?? 0)).toBe(total);
    });
  });

  describe('validation as the real API does it', () => {
    test.concurrent('unknown model: 404 not_found_error', async () => {
      const err = await getHarness().client().sdk.messages.create({ ...PARAMS, model: 'claude-nope-9' }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(NotFoundError);
      expect((err as NotFoundError).message).toContain('model: claude-nope-9');
    });

    test.concurrent('max_tokens above the cap: 400 with the documented wording', async () => {
      // an explicit timeout: without one the SDK refuses max_tokens this large before sending (trap 7)
      const err = await getHarness().client().sdk.messages.create({ ...PARAMS, max_tokens: 64001 }, { timeout: 60_000 }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(BadRequestError);
      expect((err as BadRequestError).message).toContain('max_tokens: 64001 > 64000, which is the maximum allowed number of output tokens for claude-haiku-4-5-20251001');
    });

    test.concurrent('input over the window: prompt is too long', async () => {
      const huge = 'word '.repeat(170_000); // about 212,500 tokens by the 4-chars rule
      const err = await getHarness().client().sdk.messages.create({ ...PARAMS, messages: [{ role: 'user', content: huge }] }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(BadRequestError);
      expect((err as BadRequestError).message).toMatch(/prompt is too long: 2125\d\d tokens > 200000 maximum/);
    });

    test.concurrent('missing fields: 400 invalid_request_error naming the field', async () => {
      const { sdk } = getHarness().client();
      const err = await sdk.messages.create({ model: PARAMS.model, messages: PARAMS.messages } as never).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(BadRequestError);
      expect((err as BadRequestError).message).toContain('max_tokens: Field required');
      const err2 = await sdk.messages.create({ ...PARAMS, messages: [{ role: 'system', content: 'x' }] } as never).catch((e: unknown) => e);
      expect((err2 as BadRequestError).message).toContain("messages.0.role: Input should be 'user' or 'assistant'");
    });
  });
}
