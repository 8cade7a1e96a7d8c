import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Anthropic from '@anthropic-ai/sdk';
import { describe, expect, test } from 'vitest';
import { AnyScenarioSchema, defineScenario, isUserScenario, loadScenarios, runUserScenario, type UserCallContext } from '../../src/chaos/index.ts';
import { CanaryError } from '../../src/shared/errors.ts';

async function run(input: unknown) {
  const s = AnyScenarioSchema.parse(input);
  if (!isUserScenario(s)) throw new Error('not a user-code scenario');
  return runUserScenario(s, 'inline');
}

/** Streams an answer; on failure retries up to twice, unless `keepText` and text already reached the user. */
const streamer = (keepText: boolean) => async (ctx: UserCallContext) => {
  const client = new Anthropic({ ...ctx.anthropic, maxRetries: 0 });
  let shown = '';
  for (let attempt = 1; ; attempt++) {
    try {
      const stream = client.messages.stream({ model: 'claude-haiku-4-5', max_tokens: 200, messages: [{ role: 'user', content: 'Tell me about canaries.' }] }, { signal: ctx.signal });
      stream.on('text', (t) => void (shown += t));
      await stream.finalMessage();
      return { shown: shown.length };
    } catch (err) {
      if (attempt === 3 || (keepText && shown.length > 0)) throw err;
    }
  }
};

const streamScenario = (keepText: boolean) =>
  defineScenario({
    id: 'stream-error-after-text',
    description: 'the first stream fails after two text deltas',
    plan: { faults: [{ kind: 'stream_error', after_deltas: 2, match: { first: 1 } }] },
    workload: { run: streamer(keepText) },
    expect: { every_call: { upstream: { no_request_after_text: true, body: { max_tokens: 200, stream: true }, headers: { 'X-Stainless-Retry-Count': '0', 'anthropic-beta': null } } } },
  });

describe('scenarios that run the user function in this process', () => {
  test('no second request after streamed text: code that stops passes, code that retries the stream fails', async () => {
    const good = await run(streamScenario(true));
    expect(good.pass, JSON.stringify(good.checks)).toBe(true);
    expect(good.calls[0]).toMatchObject({ outcome: 'error', error_kind: 'threw' });
    const bad = await run(streamScenario(false));
    expect(bad.pass).toBe(false);
    expect(bad.checks.find((c) => !c.pass)).toMatchObject({ name: 'call 0 upstream no request after streamed text', actual: 'request 1 after stream_error with text' });
    expect(bad.upstream!.map((u) => [u.stream, u.status, u.fault])).toEqual([[true, 200, 'stream_error'], [true, 200, null]]);
  });

  test('ctx gives each call its index; what run returns is checked as JSON; a throw is the outcome', async () => {
    const v = await run(
      defineScenario({
        id: 'ctx',
        description: 'call index and outcomes',
        workload: { calls: 3, run: (ctx) => { if (ctx.index === 2) throw new Error(`call ${ctx.index} gave up`); return { index: ctx.index, key: ctx.anthropic.apiKey.slice(0, 7) }; } },
        expect: { calls: [{ index: 1, ok: true, json: { index: 1, key: 'sk-ant-' } }, { index: 2, ok: false, error_contains: 'call 2 gave up' }], api_requests: 0 },
      }),
    );
    expect(v.checks.filter((c) => !c.pass)).toEqual([]);
    expect(v.calls.map((c) => c.outcome)).toEqual(['pass', 'pass', 'error']);
  });

  test('a call that runs past its timeout is aborted through ctx.signal and fails', async () => {
    const v = await run(
      defineScenario({
        id: 'slow',
        description: 'hang',
        plan: { faults: [{ kind: 'hang' }] },
        workload: { timeout_ms: 200, run: (ctx) => new Anthropic({ ...ctx.anthropic, maxRetries: 0 }).messages.create({ model: 'claude-haiku-4-5', max_tokens: 10, messages: [{ role: 'user', content: 'hi' }] }, { signal: ctx.signal }) },
        expect: { every_call: { ok: false, upstream: { requests: 1 } } },
      }),
    );
    expect(v.pass, JSON.stringify(v.checks)).toBe(true);
  });
});

describe('bad user-code scenario files', () => {
  test('every problem is named with its file and field', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'chaos-user-bad-'));
    writeFileSync(join(dir, 'a.scenario.ts'), `export default { id: 'a', description: 'x', target: { command: ['node'], url: 'http://127.0.0.1:1' }, workload: { request: { path: 'ask' } }, expect: {} };`);
    writeFileSync(join(dir, 'b.scenario.ts'), `export default { id: 'b', description: 'y', workload: { run: 'not a function' }, expect: { every_call: { upstream: { requests: -1, headers: { 'X-Api-Key': null } } } } };`);
    const err = await loadScenarios(dir).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CanaryError);
    const shown = (err as CanaryError).problems.map((p) => `${p.file}: ${p.path}: ${p.message}`);
    expect(shown.some((p) => p.includes('a.scenario.ts: target: give exactly one of command or url'))).toBe(true);
    expect(shown.some((p) => p.includes('a.scenario.ts: workload.request.path'))).toBe(true);
    expect(shown.some((p) => p.includes('b.scenario.ts: workload.run: must be a function'))).toBe(true);
    expect(shown.some((p) => p.includes('b.scenario.ts: expect.every_call.upstream.requests'))).toBe(true);
    expect(shown.some((p) => p.includes('b.scenario.ts: expect.every_call.upstream.headers: credentials are never kept'))).toBe(true);
  });
});
