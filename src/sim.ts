/**
 * `claude-canary/sim`: the Messages API simulator from code. Over HTTP on 127.0.0.1 (for another
 * process, a service under test, k6) or in this process as a `fetch` (no port, no global
 * interception). Both take a fault plan and keep a journal of what they answered (`sim.log`).
 *
 * @example
 * const server = await startHttpSimulator({ plan: { faults: [{ kind: 'rate_limit', retry_after: 1, match: { first: 2 } }] } });
 * process.env.ANTHROPIC_BASE_URL = server.url; // ... later: await server.close();
 */
export { startHttpSimulator, type HttpSimulator, type HttpSimulatorOptions } from '../mocks/http/server.ts';
export { createFetchSimulator, IN_PROCESS_BASE_URL, type FetchSimulator } from '../mocks/fetch/fetch-simulator.ts';
export { createSimulatorFetch } from '../mocks/fetch/in-process-fetch.ts';
export { createSimulator, DEFAULT_LATENCY, NO_LATENCY, type LatencyModel, type Simulator, type SimulatorOptions } from '../mocks/core/simulator.ts';
export type { SimLogEntry } from '../mocks/core/types.ts';
export { FAULT_KINDS, type FaultKind } from '../mocks/faults/kinds.ts';
export { FaultPlanSchema, HEALTHY, loadFaultPlan, parseFaultPlan, type FaultPlan, type FaultRule } from '../mocks/faults/plan.ts';
export { FAULT_HEADER } from '../mocks/faults/header.ts';
