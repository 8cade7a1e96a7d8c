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
 * the cap is returned as it is (HTTP framing cannot make it longer). Otherwise the response is
 * kept, not copied: its body's async iterator (how the SDK reads a stream) counts bytes as they
 * pass, and `json()`/`text()` (how it reads everything else) read through that count. A new
 * ReadableStream and Response per call cost about 45 µs of the client's overhead (A/B in
 * `npm run bench -- client`); this costs one async step per chunk.
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
  let seen = 0;
  /** Adds a chunk to the count; past the cap, cancels the body and throws. */
  const count = (chunk: Uint8Array, reader: ReadableStreamDefaultReader<Uint8Array>): void => {
    seen += chunk.byteLength;
    if (seen > maxBytes) {
      // Not awaited: cancelling a body can stay pending (msw on Node 20); the socket is closed either way.
      void reader.cancel().catch(() => {});
      throw tooLarge(maxBytes, seen);
    }
  };
  // Both read through the stream's own reader: its `read()` is one promise a chunk, where the
  // stream's async iterator (what the SDK would otherwise use) adds its own promise chain.
  const counted = (): AsyncIterator<Uint8Array> => {
    const reader = body.getReader();
    // One `then` per chunk, no async function: each await of one costs extra microtask turns,
    // and a stream has a chunk per event or so.
    const step = (r: ReadableStreamReadResult<Uint8Array>): IteratorResult<Uint8Array> => {
      // Done: the lock is kept (releasing it makes an Error, with its stack, for the reader's closed promise).
      if (r.done) return r;
      count(r.value, reader);
      return r;
    };
    return {
      next: () => reader.read().then(step),
      return: async () => {
        await reader.cancel().catch(() => {});
        return { done: true, value: undefined };
      },
    };
  };
  const readText = async (): Promise<string> => {
    const reader = body.getReader();
    let first: Uint8Array | null = null;
    let more: Uint8Array[] | null = null;
    for (let r = await reader.read(); !r.done; r = await reader.read()) {
      count(r.value, reader);
      if (first === null) first = r.value;
      else (more ??= [first]).push(r.value);
    }
    if (first === null) return '';
    const all = more ? Buffer.concat(more) : first;
    return Buffer.from(all.buffer, all.byteOffset, all.byteLength).toString('utf8');
  };
  Object.defineProperty(body, Symbol.asyncIterator, { value: counted, configurable: true });
  Object.defineProperty(res, 'text', { value: readText, configurable: true });
  Object.defineProperty(res, 'json', { value: async () => JSON.parse(await readText()) as unknown, configurable: true });
  return res;
}
