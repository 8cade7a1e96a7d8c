/**
 * `claude-canary/sim`: the Messages API simulator from code, as a test double. Over HTTP on
 * 127.0.0.1 (for another process, a service under test, k6) or in this process as a `fetch` (no
 * port, no global interception). Both take a plan (faults and reply rules) and keep a request
 * journal; `sim.journal()`, `sim.reset()` and `sim.setPlan()` do from code what the admin API
 * (`GET /__canary/requests`, `POST /__canary/reset`, `PUT /__canary/plan`) does over HTTP.
 *
 * @example
 * const server = await startHttpSimulator({
 *   plan: {
 *     faults: [{ kind: 'rate_limit', retry_after: 1, match: { first: 2 } }],
 *     replies: [{ when: { last_user: { contains: 'weather' } }, reply: { tool_use: { name: 'get_weather', input: { city: 'Paris' } } } }],
 *   },
 * });
 * process.env.ANTHROPIC_BASE_URL = server.url; // ... then: server.sim.journal({ path: '/v1/messages' }); await server.close();
 */
export { startHttpSimulator, type HttpSimulator, type HttpSimulatorOptions } from '../mocks/http/server.ts';
export { createFetchSimulator, IN_PROCESS_BASE_URL, type FetchSimulator } from '../mocks/fetch/fetch-simulator.ts';
export { createSimulatorFetch } from '../mocks/fetch/in-process-fetch.ts';
export { createSimulator, DEFAULT_LATENCY, NO_LATENCY, type LatencyModel, type Simulator, type SimulatorOptions } from '../mocks/core/simulator.ts';
export type { SimLogEntry } from '../mocks/core/types.ts';
export { REDACTED, type JournalFilter } from '../mocks/core/journal.ts';
export { ADMIN_PREFIX } from '../mocks/core/admin.ts';
export { ReplyRuleSchema, type ReplyRule, type RuledReply, type TextMatch } from '../mocks/core/reply-rules.ts';
export { MIN_THINKING_BUDGET } from '../mocks/core/validate-tools.ts';
export { FAULT_KINDS, type FaultKind } from '../mocks/faults/kinds.ts';
export { FaultPlanSchema, HEALTHY, loadFaultPlan, parseFaultPlan, type FaultPlan, type FaultRule } from '../mocks/faults/plan.ts';
export { FAULT_HEADER } from '../mocks/faults/header.ts';
