/**
 * The simulator as a plain `fetch` function: no global interception, no socket. Hand it to the
 * SDK (`new Anthropic({ fetch, baseURL })`) or to any code that takes a `fetch`; every request,
 * whatever its host, is answered by the simulator core. A reset or a hang given up by the caller
 * rejects like a network failure (`TypeError: fetch failed`), as undici does.
 */
import type { Simulator } from '../core/simulator.ts';
import { toFetchResponse } from '../msw/handlers.ts';
import { abortableBody, abortReason } from './abortable-body.ts';

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
