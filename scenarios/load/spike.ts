/**
 * Spike: a baseline, a sudden jump to PEAK requests per second, then recovery. Shows whether
 * latency and errors recover after the spike and how many 429s the jump costs.
 * BASE_RATE (default 5/s), PEAK_RATE (default 100/s).
 */
import type { Options } from 'k6/options';
import { loadCatalogue, sendMessage } from './k6/claude.ts';
import { targetFromEnv } from './lib/payloads.ts';
import { DEFAULT_SLO, SUMMARY_TREND_STATS, sloFromEnv, sloThresholds } from './lib/slo.ts';

const catalogue = loadCatalogue(open('../../src/shared/models.json'));
const target = targetFromEnv(__ENV);
const slo = sloFromEnv(__ENV, DEFAULT_SLO);
const base = Number(__ENV.BASE_RATE ?? 5);
const peak = Number(__ENV.PEAK_RATE ?? 100);

export const options: Options = {
  scenarios: {
    spike: {
      executor: 'ramping-arrival-rate',
      startRate: base,
      timeUnit: '1s',
      preAllocatedVUs: Math.max(20, peak),
      maxVUs: Math.max(100, peak * 5),
      stages: [
        { target: base, duration: '30s' },
        { target: peak, duration: '10s' },
        { target: peak, duration: '30s' },
        { target: base, duration: '10s' },
        { target: base, duration: '30s' },
      ],
    },
  },
  thresholds: sloThresholds(slo, { streaming: true }),
  summaryTrendStats: [...SUMMARY_TREND_STATS],
};

export default function (): void {
  sendMessage({ target, catalogue, stream: __ITER % 2 === 0, seed: __ITER });
}
