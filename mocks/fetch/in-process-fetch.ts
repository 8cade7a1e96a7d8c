/**
 * The simulator as a plain `fetch` function: no global interception, no socket. Hand it to the
 * SDK (`new Anthropic({ fetch, baseURL })`) or to any code that takes a `fetch`; every request,
 * whatever its host, is answered by the simulator core. A reset or a hang given up by the caller
 * rejects like a network failure (`TypeError: fetch failed`), as undici does.
 */
import type { Simulator } from '../core/simulator.ts';
import { toFetchResponse } from '../msw/handlers.ts';

function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('This operation was aborted', 'AbortError');
}

/** Errors the body (and so the reader) when the request is aborted; cancel never waits. */
function abortableBody(body: ReadableStream<Uint8Array>, signal: AbortSignal): ReadableStream<Uint8Array> {
  const reader = body.getReader();
  let done = false;
  return new ReadableStream<Uint8Array>({
    start(controller) {
      const onAbort = () => {
        if (done) return;
        done = true;
        try {
          controller.error(abortReason(signal));
        } catch {
          /* already closed */
        }
        reader.cancel().catch(() => {});
      };
      if (signal.aborted) onAbort();
      else signal.addEventListener('abort', onAbort, { once: true });
    },
    async pull(controller) {
      try {
        const r = await reader.read();
        if (done) return;
        if (r.done) {
          done = true;
          controller.close();
        } else controller.enqueue(r.value);
      } catch (err) {
        if (done) return;
        done = true;
        controller.error(err);
      }
    },
    cancel() {
      done = true;
      reader.cancel().catch(() => {});
    },
  });
}

/** A `fetch` answered by `sim` in this process. */
export function createSimulatorFetch(sim: Simulator): typeof fetch {
  return async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const request = new Request(input, init);
    const signal = request.signal;
    if (signal.aborted) throw abortReason(signal);
    const headers: Record<string, string> = {};
    request.headers.forEach((v, k) => {
      headers[k] = v;
    });
    const body = request.method === 'POST' || request.method === 'PUT' ? await request.text() : '';
    const url = new URL(request.url);
    const planned = sim.handle({ method: request.method, path: url.pathname, query: url.search.slice(1), headers, body });
    const res = await toFetchResponse(planned, sim.clock, signal);
    if (res.type === 'error') {
      if (signal.aborted) throw abortReason(signal);
      throw new TypeError('fetch failed', { cause: new Error(planned.type === 'reset' ? 'other side closed' : 'request aborted') });
    }
    if (!res.body) return res;
    return new Response(abortableBody(res.body, signal), { status: res.status, statusText: res.statusText, headers: res.headers });
  };
}
