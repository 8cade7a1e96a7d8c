/**
 * The response size cap: a body past `maxBytes` fails the attempt as `response_too_large`, and
 * is never held whole in memory. A declared `content-length` over the cap fails before a byte
 * is read; a chunked or compressed body (SSE streams, gzip) is counted as it is read and cut at
 * the cap, so a runaway or hostile server costs at most the cap.
 */
import { ClientFault } from './errors.ts';

/**
 * Default cap, 32 MiB. The largest legitimate reply is a stream of `max_output` tokens (128,000
 * for the largest models): one SSE `content_block_delta` event per token is ~130 bytes, about
 * 17 MB; a non-streaming reply of the same tokens is under 2 MB. 32 MiB is also the API's own
 * request size cap (413 `request_too_large` over 32 MB).
 */
export const DEFAULT_MAX_RESPONSE_BYTES = 32 * 1024 * 1024;

function tooLarge(maxBytes: number, seen: number | string): ClientFault {
  return new ClientFault('response_too_large', `response body exceeds the ${maxBytes}-byte cap (${seen} bytes${typeof seen === 'string' ? ' declared' : ' read so far'}); raise maxResponseBytes if this is expected`);
}

/**
 * `res` with its body bounded by `maxBytes`. An uncompressed body with a `content-length` under
 * the cap is returned as it is (HTTP framing cannot make it longer): no copy on the common path.
 */
export function capResponse(res: Response, maxBytes: number): Response {
  const body = res.body;
  if (!body || !Number.isFinite(maxBytes)) return res;
  const declared = res.headers.get('content-length');
  const encoded = res.headers.get('content-encoding');
  if (declared !== null && Number(declared) > maxBytes) {
    void body.cancel().catch(() => {});
    throw tooLarge(maxBytes, declared);
  }
  if (declared !== null && (encoded === null || encoded === 'identity')) return res;
  const reader = body.getReader();
  let seen = 0;
  const bounded = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const { done, value } = await reader.read();
      if (done) return controller.close();
      seen += value.byteLength;
      if (seen > maxBytes) {
        const err = tooLarge(maxBytes, seen);
        controller.error(err);
        // Not awaited: cancelling a body can stay pending (msw on Node 20); the socket is closed either way.
        void reader.cancel(err).catch(() => {});
        return;
      }
      controller.enqueue(value);
    },
    cancel(reason) {
      void reader.cancel(reason).catch(() => {});
    },
  });
  return new Response(bounded, { status: res.status, statusText: res.statusText, headers: res.headers });
}
