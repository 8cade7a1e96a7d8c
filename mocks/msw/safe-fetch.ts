/**
 * A `fetch` for the SDK while MSW intercepts in-process (toolchain.md trap 1 and 2).
 *
 * msw 2 on Node 20 never settles the cancel of a mocked body (mswjs/interceptors#799), and the
 * SDK cancels bodies before each retry and when a stream breaks, so it would hang. This wrapper
 * re-wraps each response body in a fresh stream whose cancel does not wait for the inner one, and
 * errors the body (and the pending request) when the request's AbortSignal fires, which mocked
 * bodies ignore. It looks `globalThis.fetch` up at call time, so MSW sees the call whenever the
 * client was built. Over real loopback HTTP none of this is needed, and it is a no-op there.
 */
import { abortableBody, abortReason } from '../fetch/abortable-body.ts';

function raceAbort<T>(p: Promise<T>, signal: AbortSignal | undefined | null): Promise<T> {
  if (!signal) return p;
  if (signal.aborted) return Promise.reject(abortReason(signal));
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(abortReason(signal));
    signal.addEventListener('abort', onAbort, { once: true });
    p.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (e) => {
        signal.removeEventListener('abort', onAbort);
        reject(e);
      },
    );
  });
}

export function createSafeFetch(): typeof fetch {
  return async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const signal = init?.signal ?? (input instanceof Request ? input.signal : undefined);
    const res = await raceAbort(globalThis.fetch(input, init), signal);
    if (!res.body) return res;
    const body = abortableBody(res.body, signal);
    return new Response(body, { status: res.status, statusText: res.statusText, headers: res.headers });
  };
}
