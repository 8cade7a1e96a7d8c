/**
 * `max_tokens` as a bound the client holds the server to. The API never generates (nor bills)
 * more output than `max_tokens`; a response that claims or streams more broke that contract, and
 * without a bound an endless stream was accounted at whatever it claimed (39.5M output tokens on
 * a `max_tokens: 64` probe, which then spent the month's budget on paper). So output is accounted
 * at most `max_tokens` per attempt, and an attempt that runs past it is cut and classified
 * `malformed_response` (retryable, like any response that breaks the wire contract).
 */
import { CHARS_PER_TOKEN } from './context-guard.ts';
import { ClientFault } from './errors.ts';

/**
 * A stream is cut once its output text passes `max_tokens` times this many characters. Eight
 * times the 4-characters-a-token average: no real answer averages that over its whole length
 * (even whitespace-heavy code stays far below), so a stream past it cannot be within
 * `max_tokens`, and the bound never cuts a legitimate answer. A stream that reports its own
 * output count past `max_tokens` is cut at once.
 */
export const RUNAWAY_CHARS_PER_TOKEN = 8 * CHARS_PER_TOKEN;

/** The most output tokens one attempt can be billed: `max_tokens` (at least 1: the API reports 1 even for an empty reply). */
export function outputTokenLimit(maxTokens: number): number {
  return Math.max(1, maxTokens);
}

/** The fault for an attempt whose output ran past `max_tokens`. */
export function outputOverrun(limit: number, what: string): ClientFault {
  return new ClientFault('malformed_response', `output ran past max_tokens (${limit}): ${what}; cut by the client, accounted as ${limit} output tokens`);
}
