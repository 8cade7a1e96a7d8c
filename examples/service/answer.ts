/**
 * The example service's Claude code, written as a team would with the plain SDK: its own retry
 * loop (the SDK's retries are off), a fallback from Sonnet to Haiku when Sonnet is overloaded
 * (529), `retry-after` honoured on 429 and 5xx, and no retry of a request the API refused (4xx).
 */
import Anthropic from '@anthropic-ai/sdk';

export const PRIMARY = 'claude-sonnet-4-6';
export const FALLBACK = 'claude-haiku-4-5';
export const MAX_ATTEMPTS = 4;

/** What to do after a failed attempt: the next model and how long to wait first, or give up. */
export type Decide = (err: unknown, model: string, attempt: number, timeScale: number) => { model: string; waitMs: number } | null;

/** The server's hint in ms: `retry-after-ms` first (as the SDK reads it), else `retry-after` seconds. */
export function retryAfterMs(err: unknown): number | null {
  const h = err instanceof Anthropic.APIError ? err.headers : undefined;
  const ms = Number(h?.get('retry-after-ms') ?? NaN);
  if (Number.isFinite(ms) && ms >= 0) return ms;
  const s = Number(h?.get('retry-after') ?? NaN);
  return Number.isFinite(s) && s >= 0 ? s * 1000 : null;
}

/** Full-jitter exponential backoff, 500 ms x 2^n capped at 8 s; x timeScale under a chaos run. */
export const backoffMs = (attempt: number, timeScale: number) => Math.random() * Math.min(8_000, 500 * 2 ** (attempt - 1)) * timeScale;

export const decide: Decide = (err, model, attempt, timeScale) => {
  if (attempt >= MAX_ATTEMPTS) return null;
  const status = err instanceof Anthropic.APIError ? err.status : undefined;
  if (err instanceof Anthropic.APIConnectionError) return { model, waitMs: backoffMs(attempt, timeScale) };
  if (status === 529 && model === PRIMARY) return { model: FALLBACK, waitMs: 0 };
  if (status === 429 || (status !== undefined && status >= 500)) return { model, waitMs: retryAfterMs(err) ?? backoffMs(attempt, timeScale) };
  return null; // 400, 401, 403, 404, 413: retrying cannot help
};

export interface AnswerOptions {
  userId?: string;
  signal?: AbortSignal;
  /** Multiplies the waits this code computes itself (1 in production; CLAUDE_CANARY_TIME_SCALE under chaos). */
  timeScale?: number;
  decide?: Decide;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function answer(client: Anthropic, question: string, opts: AnswerOptions = {}): Promise<{ answer: string; model: string }> {
  const decideNext = opts.decide ?? decide;
  let model = PRIMARY;
  for (let attempt = 1; ; attempt++) {
    try {
      const msg = await client.messages.create(
        { model, max_tokens: 512, messages: [{ role: 'user', content: question }], metadata: { user_id: opts.userId ?? 'anonymous' } },
        { signal: opts.signal ?? null },
      );
      return { answer: msg.content.map((b) => (b.type === 'text' ? b.text : '')).join(''), model };
    } catch (err) {
      const next = opts.signal?.aborted ? null : decideNext(err, model, attempt, opts.timeScale ?? 1);
      if (next === null) throw err;
      await sleep(next.waitMs);
      model = next.model;
    }
  }
}
