/**
 * Template: load-test YOUR Claude-backed endpoint. Copy it, point BASE_URL and API_PATH at your
 * service, put its auth in HEADERS (JSON), and adapt `requestBody`/`isGood` if your endpoint does
 * not speak the Messages API shape. Run:
 *   k6 run -e BASE_URL=https://staging.example.com -e API_PATH=/api/chat \
 *          -e HEADERS='{"authorization":"Bearer …"}' -e RATE=10 scenarios/load/endpoint-template.ts
 */
import http from 'k6/http';
import { check } from 'k6';
import type { Options } from 'k6/options';
import { Rate } from 'k6/metrics';
import { messagesBody, requestHeaders, targetFromEnv } from './lib/payloads.ts';
import { DEFAULT_SLO, METRICS, SUMMARY_TREND_STATS, sloFromEnv, sloThresholds } from './lib/slo.ts';

const target = targetFromEnv(__ENV);
const slo = sloFromEnv(__ENV, DEFAULT_SLO);
const rate = Number(__ENV.RATE ?? 5);
const apiErrors = new Rate(METRICS.apiErrors);
const rateLimited = new Rate(METRICS.rateLimited);

export const options: Options = {
  scenarios: {
    endpoint: { executor: 'constant-arrival-rate', rate, timeUnit: '1s', duration: __ENV.DURATION ?? '1m', preAllocatedVUs: Math.max(5, rate * 2), maxVUs: Math.max(20, rate * 10) },
  },
  // k6 rejects a threshold on a metric the script never defines, so no per-kind error sub-metrics here.
  thresholds: sloThresholds(slo, { errorKinds: false }),
  summaryTrendStats: [...SUMMARY_TREND_STATS],
};

/** What your endpoint expects; by default a Messages-shaped body. */
function requestBody(iter: number): string {
  return JSON.stringify(messagesBody({ model: target.model, maxTokens: target.maxTokens, seed: iter }));
}

export default function (): void {
  const res = http.post(`${target.baseUrl}${target.path}`, requestBody(__ITER), { headers: requestHeaders(target), timeout: '60s', tags: { name: 'endpoint' } });
  apiErrors.add(res.status < 200 || res.status >= 300);
  rateLimited.add(res.status === 429);
  check(res, {
    'status is 2xx': (r) => r.status >= 200 && r.status < 300,
    'body is not empty': (r) => typeof r.body === 'string' && r.body.length > 0,
  });
}
