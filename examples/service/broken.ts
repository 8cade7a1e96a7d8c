/**
 * Deliberately broken copies of the service's retry decision, one bug each. The example
 * scenarios must fail against every one of them (test/chaos/examples-teeth.test.ts); the server
 * picks one only when EXAMPLE_DECIDE names it.
 */
import Anthropic from '@anthropic-ai/sdk';
import { backoffMs, decide, MAX_ATTEMPTS, PRIMARY, type Decide } from './answer.ts';

export const BROKEN: Record<string, Decide> = {
  /** Never falls back: retries Sonnet on 529, without any attempt cap. */
  'retries-sonnet-forever': (err, model, attempt, timeScale) => {
    if (err instanceof Anthropic.APIError && err.status === 529) return { model: PRIMARY, waitMs: backoffMs(Math.min(attempt, 3), timeScale) };
    return decide(err, model, attempt, timeScale);
  },
  /** Backs off on its own fixed schedule (250 ms, 500 ms, 1 s) whatever the server asked for. */
  'ignores-retry-after': (err, model, attempt, timeScale) => {
    if (attempt >= MAX_ATTEMPTS) return null;
    const status = err instanceof Anthropic.APIError ? err.status : undefined;
    if (status === 429 || (status !== undefined && status >= 500)) return { model, waitMs: 250 * 2 ** (attempt - 1) };
    return decide(err, model, attempt, timeScale);
  },
  /** Treats a 401 as transient. */
  'retries-401': (err, model, attempt, timeScale) => {
    if (err instanceof Anthropic.APIError && err.status === 401 && attempt < MAX_ATTEMPTS) return { model, waitMs: backoffMs(attempt, timeScale) };
    return decide(err, model, attempt, timeScale);
  },
};
