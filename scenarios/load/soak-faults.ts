/**
 * Soak with a fault mix: each request carries an `x-canary-fault` header chosen by weight
 * (DEFAULT_FAULT_MIX, or FAULT_MIX as JSON). Thresholds check that every injected fault was
 * observed as its expected error kind, and that each observed error share sits within binomial
 * bounds of the injected share. Works only against the simulator (a real API ignores the header).
 * RATE (default 20/s), DURATION_S (default 300).
 */
import type { Options } from 'k6/options';
import { loadCatalogue, sendMessage } from './k6/claude.ts';
import { DEFAULT_FAULT_MIX, FAULT_EXPECTATIONS, faultShareThresholds, pickFault, validateMix, type FaultMixEntry } from './lib/faults.ts';
import { targetFromEnv } from './lib/payloads.ts';
import { DEFAULT_SLO, SUMMARY_TREND_STATS, sloFromEnv, sloThresholds } from './lib/slo.ts';

const catalogue = loadCatalogue(open('../../src/shared/models.json'));
const target = targetFromEnv(__ENV);
const mix: FaultMixEntry[] = __ENV.FAULT_MIX ? (JSON.parse(__ENV.FAULT_MIX) as FaultMixEntry[]) : [...DEFAULT_FAULT_MIX];
const problems = validateMix(mix);
if (problems.length > 0) throw new Error(`FAULT_MIX is invalid:\n${problems.join('\n')}`);
const rate = Number(__ENV.RATE ?? 20);
const durationS = Number(__ENV.DURATION_S ?? 300);
// Errors are the point here: the error-rate SLO gets room for the injected share.
const injectedShare = 1 - mix.filter((e) => e.fault === 'none').reduce((a, e) => a + e.weight, 0) / mix.reduce((a, e) => a + e.weight, 0);
const slo = sloFromEnv(__ENV, { ...DEFAULT_SLO, errorRate: Math.min(1, injectedShare + 0.05), errorRateAbort: Math.min(1, injectedShare + 0.2) });

export const options: Options = {
  scenarios: {
    soak: { executor: 'constant-arrival-rate', rate, timeUnit: '1s', duration: `${durationS}s`, preAllocatedVUs: Math.max(10, rate * 2), maxVUs: Math.max(50, rate * 10) },
  },
  thresholds: { ...sloThresholds(slo, { streaming: true, rateLimited: false }), ...faultShareThresholds(mix, rate * durationS) },
  summaryTrendStats: [...SUMMARY_TREND_STATS],
};

export default function (): void {
  const fault = pickFault(mix, Math.random());
  const streamOnly = fault.fault !== 'none' && FAULT_EXPECTATIONS[fault.fault].streamOnly === true;
  sendMessage({ target, catalogue, fault, mix, stream: streamOnly || Math.random() < 0.5, seed: __ITER, timeout: '10s' });
}
