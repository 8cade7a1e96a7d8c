/** MSW handlers over the simulator core: `POST /v1/messages`, count_tokens, `GET /v1/models` and the `/__canary/` admin API on any host. */
import { http, HttpResponse, type HttpHandler } from 'msw';
import type { Clock } from '../../src/shared/clock.ts';
import type { Simulator } from '../core/simulator.ts';
import type { PlannedResponse } from '../core/types.ts';

const encoder = new TextEncoder();

function untilAborted(signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) resolve();
    else signal.addEventListener('abort', () => resolve(), { once: true });
  });
}

/** Turns a planned response into a fetch Response, carrying out its waits on `clock`. */
export async function toFetchResponse(planned: PlannedResponse, clock: Clock, signal: AbortSignal): Promise<Response> {
  switch (planned.type) {
    case 'hang':
      await untilAborted(signal);
      return HttpResponse.error();
    case 'reset':
      await clock.sleep(planned.delayMs, signal).catch(() => {});
      return HttpResponse.error();
    case 'json':
      if (planned.delayMs > 0) {
        try {
          await clock.sleep(planned.delayMs, signal);
        } catch {
          return HttpResponse.error();
        }
      }
      return new HttpResponse(planned.body, { status: planned.status, headers: planned.headers });
    case 'stream': {
      const { frames, ending } = planned;
      const body = new ReadableStream<Uint8Array>({
        async start(controller) {
          try {
            for (const f of frames) {
              if (f.delayMs > 0) await clock.sleep(f.delayMs, signal);
              controller.enqueue(encoder.encode(f.frame));
            }
            if (ending === 'close') controller.close();
            else await untilAborted(signal);
          } catch {
            // aborted by the client, or the consumer went away: nothing more to send
          }
        },
      });
      return new HttpResponse(body, { status: planned.status, headers: planned.headers });
    }
  }
}

export function simulatorHandlers(sim: Simulator): HttpHandler[] {
  const resolver = async ({ request }: { request: Request }) => {
    const url = new URL(request.url);
    const headers: Record<string, string> = {};
    request.headers.forEach((v, k) => {
      headers[k] = v;
    });
    const body = request.method === 'POST' || request.method === 'PUT' ? await request.text() : '';
    const planned = sim.handle({ method: request.method, path: url.pathname, query: url.search.slice(1), headers, body });
    return toFetchResponse(planned, sim.clock, request.signal);
  };
  return [
    http.post('*/v1/messages', resolver),
    http.post('*/v1/messages/count_tokens', resolver),
    http.get('*/v1/models', resolver),
    http.get('*/v1/models/:id', resolver),
    http.get('*/v1/organizations/usage_report/messages', resolver),
    http.get('*/v1/organizations/cost_report', resolver),
    // The admin API (journal, reset, plan): see mocks/core/admin.ts.
    http.all('*/__canary/*', resolver),
  ];
}
