import { expect, test } from 'vitest';
import { CHARS_PER_TOKEN } from '../../src/client/context-guard.ts';
import { ClientFault } from '../../src/client/errors.ts';
import { outputOverrun, outputTokenLimit, RUNAWAY_CHARS_PER_TOKEN } from '../../src/client/output-bound.ts';

test('one attempt is billed at most max_tokens of output, and at least 1 (the API reports 1 for an empty reply)', () => {
  expect([outputTokenLimit(64), outputTokenLimit(1), outputTokenLimit(0), outputTokenLimit(-5)]).toEqual([64, 1, 1, 1]);
});

test('a stream is cut past 32 characters per allowed token: eight times the 4-character average', () => {
  expect(CHARS_PER_TOKEN).toBe(4);
  expect(RUNAWAY_CHARS_PER_TOKEN).toBe(32);
});

test('an overrun is a retryable malformed_response that says what ran past which limit and how it was accounted', () => {
  const f = outputOverrun(64, '2049 characters streamed without message_stop');
  expect(f).toBeInstanceOf(ClientFault);
  expect(f.kind).toBe('malformed_response');
  expect(f.message).toBe('output ran past max_tokens (64): 2049 characters streamed without message_stop; cut by the client, accounted as 64 output tokens');
});
