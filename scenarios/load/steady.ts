/**
 * Steady load: a constant arrival rate (requests per second, independent of latency), so a slow
 * target shows up as latency and dropped iterations rather than as politely reduced load.
 * RATE (default 20/s), DURATION (default 2m), STREAM_SHARE (default 0.5).
 */
import type { Options } from 'k6/options';
import { loadCatalogue, sendMessage } from './k6/claude.ts';
import { targetFromEnv } from './lib/payloads.ts';
import { DEFAULT_SLO, SUMMARY_TREND_STATS, sloFromEnv, sloThresholds } from './lib/slo.ts';

const catalogue = loadCatalogue(open('../../src/shared/models.json'));
const target = targetFromEnv(__ENV);
const slo = sloFromEnv(__ENV, DEFAULT_SLO);
const rate = Number(__ENV.RATE ?? 20);
const streamShare = Number(__ENV.STREAM_SHARE ?? 0.5);

export const options: Options = {
  scenarios: {
    steady: {
      executor: 'constant-arrival-rate',
      rate,
      timeUnit: '1s',
      duration: __ENV.DURATION ?? '2m',
      preAllocatedVUs: Math.max(10, rate * 2),
      maxVUs: Math.max(50, rate * 10),
    },
  },
  thresholds: { ...sloThresholds(slo, { streaming: true }), dropped_iterations: ['count<1'] },
  summaryTrendStats: [...SUMMARY_TREND_STATS],
};

export default function (): void {
  sendMessage({ target, catalogue, stream: Math.random() < streamShare, seed: __ITER });
}
