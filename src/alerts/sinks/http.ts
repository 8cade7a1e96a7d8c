/** POST JSON with an Idempotency-Key header; maps HTTP outcomes to retryable or permanent SinkErrors (internal). */
import { SinkError } from './types.ts';

/** 408, 425, 429 and 5xx are worth retrying; other 4xx mean the request itself is wrong. */
const retryable = (status: number) => status === 408 || status === 425 || status === 429 || status >= 500;

export async function postJson(url: string, body: unknown, idempotencyKey: string, signal: AbortSignal, headers: Record<string, string> = {}): Promise<void> {
  let res: Response;
  try {
    res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': idempotencyKey, ...headers },
      body: JSON.stringify(body),
      signal,
    });
  } catch (err) {
    const reason = signal.aborted ? String((signal.reason as Error)?.message ?? signal.reason) : ((err as Error).cause as Error | undefined)?.message ?? (err as Error).message;
    throw new SinkError(`POST ${new URL(url).host} failed: ${reason}`, { cause: err });
  }
  // Drain the body so the connection is reused (and nothing leaks).
  const text = await res.text().catch(() => '');
  if (res.ok) return;
  throw new SinkError(`POST ${new URL(url).host} answered ${res.status}${text ? `: ${text.slice(0, 200)}` : ''}`, {
    status: res.status,
    permanent: !retryable(res.status),
  });
}
