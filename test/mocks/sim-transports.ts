/** The two ways a test reaches the simulator: real HTTP on 127.0.0.1, and the in-process fetch. */
import Anthropic, { type ClientOptions } from '@anthropic-ai/sdk';
import { createFetchSimulator, NO_LATENCY, startHttpSimulator, type Simulator, type SimulatorOptions } from '../../src/sim.ts';

export interface SimHandle {
  sim: Simulator;
  baseURL: string;
  fetch: typeof fetch;
  close(): Promise<void>;
  sdk(options?: ClientOptions): Anthropic;
  /** An admin request (`/__canary/...`) through this transport; the parsed JSON and status. */
  admin(method: string, path: string, body?: unknown): Promise<{ status: number; body: any }>;
}

/** A key shaped like a real one, to prove it never reaches the journal. */
export const SECRET_KEY = 'sk-ant-api03-THIS-IS-A-SECRET-0123456789';

function handle(sim: Simulator, baseURL: string, f: typeof fetch, close: () => Promise<void>): SimHandle {
  return {
    sim,
    baseURL,
    fetch: f,
    close,
    sdk: (options = {}) => new Anthropic({ apiKey: SECRET_KEY, baseURL, fetch: f, maxRetries: 0, ...options }),
    async admin(method, path, body) {
      const res = await f(`${baseURL}${path}`, { method, ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body), headers: { 'content-type': 'application/json' } } : {}) });
      return { status: res.status, body: await res.json() };
    },
  };
}

export const TRANSPORTS: Array<[string, (o?: SimulatorOptions) => Promise<SimHandle>]> = [
  [
    'HTTP on 127.0.0.1',
    async (o = {}) => {
      const s = await startHttpSimulator({ latency: NO_LATENCY, ...o });
      return handle(s.sim, s.url, globalThis.fetch, s.close);
    },
  ],
  [
    'in-process fetch',
    async (o = {}) => {
      const s = createFetchSimulator({ latency: NO_LATENCY, ...o });
      return handle(s.sim, s.baseURL, s.fetch, async () => {});
    },
  ],
];
