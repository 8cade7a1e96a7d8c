/** Generic JSON webhook: POSTs the {@link Notification} as is, with `Idempotency-Key`. */
import type { Notification } from '../notification.ts';
import { postJson } from './http.ts';
import type { Sink } from './types.ts';

export interface WebhookSinkOptions {
  name: string;
  url: string;
  /** Extra headers, e.g. `{ authorization: 'Bearer ...' }`. Default none. */
  headers?: Record<string, string>;
}

/**
 * @example
 * const sink = webhookSink({ name: 'pager', url: 'https://hooks.example.com/canary' });
 */
export function webhookSink(options: WebhookSinkOptions): Sink {
  return {
    name: options.name,
    deliver: (n: Notification, signal) => postJson(options.url, n, n.idempotency_key, signal, options.headers),
  };
}
