/**
 * The in-process simulator: MSW intercepts every `fetch` in this process. Requests to loopback
 * (a Prometheus scrape, a webhook receiver) pass through; anything else unhandled is an error,
 * so a test can never reach the real API.
 */
import { setupServer, type SetupServer } from 'msw/node';
import { createSimulator, type Simulator, type SimulatorOptions } from '../core/simulator.ts';
import { simulatorHandlers } from './handlers.ts';
import { createSafeFetch } from './safe-fetch.ts';

export interface InProcessSimulator {
  sim: Simulator;
  server: SetupServer;
  /** Give this to the SDK: `new Anthropic({ fetch: sim.fetch, ... })`. */
  fetch: typeof fetch;
  close(): void;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

export function startInProcessSimulator(options: SimulatorOptions = {}): InProcessSimulator {
  const sim = createSimulator(options);
  const server = setupServer(...simulatorHandlers(sim));
  server.listen({
    onUnhandledRequest(request, print) {
      if (LOOPBACK.has(new URL(request.url).hostname)) return;
      print.error();
    },
  });
  return { sim, server, fetch: createSafeFetch(), close: () => server.close() };
}
