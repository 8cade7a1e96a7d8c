/**
 * The load checks against the real HTTP simulator: every fault the soak can inject must be
 * classified as the kind FAULT_EXPECTATIONS promises, so "observed matches injected" in a k6 run
 * means something. fetch stands in for k6/http (status 0 + k6's error codes on failure).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NO_LATENCY, startHttpSimulator, type HttpSimulator } from '../../mocks/index.ts';
import { classifyResponse, K6_TIMEOUT_ERROR_CODE, type ResponseLike } from '../../scenarios/load/lib/checks.ts';
import { FAULT_EXPECTATIONS, FAULT_KINDS, type FaultKind } from '../../scenarios/load/lib/faults.ts';
import { messagesBody, requestHeaders } from '../../scenarios/load/lib/payloads.ts';

let sim: HttpSimulator;
beforeAll(async () => {
  sim = await startHttpSimulator({ port: 0, host: '127.0.0.1', latency: NO_LATENCY });
});
afterAll(async () => {
  await sim?.close();
});

async function send(fault: string | undefined, stream: boolean, timeoutMs = 2000): Promise<ResponseLike> {
  try {
    const res = await fetch(`${sim.url}/v1/messages`, {
      method: 'POST',
      headers: requestHeaders({ apiKey: 'sk-test', extraHeaders: {} }, fault),
      body: JSON.stringify(messagesBody({ stream, maxTokens: 64 })),
      signal: AbortSignal.timeout(timeoutMs),
    });
    const body = await res.text();
    return { status: res.status, body, headers: Object.fromEntries(res.headers) };
  } catch (err) {
    const timeout = (err as Error).name === 'TimeoutError';
    return { status: 0, body: null, error_code: timeout ? K6_TIMEOUT_ERROR_CODE : 1211 };
  }
}

describe('load checks against the simulator', () => {
  it('passes clean JSON and streamed replies with usage', async () => {
    const plain = classifyResponse(await send(undefined, false), false);
    expect(plain).toMatchObject({ ok: true, kind: null, status: 200 });
    expect(plain.usage!.output).toBeGreaterThan(0);
    const streamed = classifyResponse(await send(undefined, true), true);
    expect(streamed).toMatchObject({ ok: true, kind: null });
    expect(streamed.stream!.complete).toBe(true);
    expect(streamed.stream!.firstDeltaEnd).not.toBeNull();
  });

  const cases = FAULT_KINDS.map((k) => [k, FAULT_EXPECTATIONS[k].kind, FAULT_EXPECTATIONS[k].streamOnly === true] as const);
  it.each(cases)('classifies the %s fault as %s', async (fault: FaultKind, kind, streamOnly) => {
    const slow = fault === 'hang' || fault === 'stream_stall' || fault === 'stream_runaway';
    // The default slow first token is 20 s; a short one still proves the request succeeds.
    const header = fault === 'slow_first_token' ? 'slow_first_token; delay_ms=200' : fault;
    const outcome = classifyResponse(await send(header, streamOnly, slow ? 400 : 5000), streamOnly);
    expect(outcome.kind, outcome.reason).toBe(kind);
    expect(outcome.ok).toBe(kind === null);
  });
});
