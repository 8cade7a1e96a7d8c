/**
 * The simulator in this process, reached through a `fetch` function instead of a port.
 */
import { createSimulator, type Simulator, type SimulatorOptions } from '../core/simulator.ts';
import { createSimulatorFetch } from './in-process-fetch.ts';

/**
 * A base URL for code that takes one beside `fetch`. Requests through {@link FetchSimulator.fetch}
 * never leave the process whatever their host; code that ignores the `fetch` and connects to
 * this URL itself is refused at once on loopback (port 9, discard) instead of reaching a network.
 */
export const IN_PROCESS_BASE_URL = 'http://127.0.0.1:9';

export interface FetchSimulator {
  /** The core: `sim.journal()` is the request journal, `sim.reset()` clears it and the fault counters, `sim.setPlan()` swaps faults and reply rules. */
  sim: Simulator;
  /** Answers every request from `sim`: `new Anthropic({ fetch, baseURL, apiKey })`. */
  fetch: typeof fetch;
  baseURL: string;
}

/**
 * @example
 * const { fetch, baseURL } = createFetchSimulator({ plan: { faults: [{ kind: 'overloaded', match: { first: 1 } }] } });
 * const anthropic = new Anthropic({ apiKey: 'sk-ant-test', baseURL, fetch });
 */
export function createFetchSimulator(options: SimulatorOptions = {}): FetchSimulator {
  const sim = createSimulator(options);
  return { sim, fetch: createSimulatorFetch(sim), baseURL: IN_PROCESS_BASE_URL };
}
