/**
 * `claude-canary/msw`: the simulator's request handlers for your own MSW set-up.
 *
 * @example
 * const sim = createSimulator({ latency: NO_LATENCY });
 * const server = setupServer(...simulatorHandlers(sim));
 * server.listen();
 * // On Node 20, give the SDK `createSafeFetch()` (msw 2 never settles a mocked body's cancel there).
 * const anthropic = new Anthropic({ apiKey: 'sk-ant-test', fetch: createSafeFetch() });
 */
export { simulatorHandlers } from '../mocks/msw/handlers.ts';
export { createSafeFetch } from '../mocks/msw/safe-fetch.ts';
export { createSimulator, NO_LATENCY, DEFAULT_LATENCY, type Simulator, type SimulatorOptions } from '../mocks/core/simulator.ts';
export type { FaultPlan, FaultRule } from '../mocks/faults/plan.ts';
