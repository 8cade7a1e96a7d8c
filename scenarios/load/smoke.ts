/**
 * Smoke: one VU, a handful of plain and streamed calls. Proves the target answers the Messages
 * contract before any real load. `claude-canary load smoke` runs it against the simulator.
 */
import type { Options } from 'k6/options';
import { loadCatalogue, sendMessage } from './k6/claude.ts';
import { targetFromEnv } from './lib/payloads.ts';
import { DEFAULT_SLO, SUMMARY_TREND_STATS, sloFromEnv, sloThresholds } from './lib/slo.ts';

const catalogue = loadCatalogue(open('../../src/shared/models.json'));
const target = targetFromEnv(__ENV);
const slo = sloFromEnv(__ENV, DEFAULT_SLO);

export const options: Options = {
  scenarios: {
    smoke: { executor: 'per-vu-iterations', vus: 1, iterations: Number(__ENV.ITERATIONS ?? 10), maxDuration: '1m' },
  },
  thresholds: sloThresholds(slo, { streaming: true }),
  summaryTrendStats: [...SUMMARY_TREND_STATS],
};

export default function (): void {
  sendMessage({ target, catalogue, stream: __ITER % 2 === 1, seed: __ITER });
}
