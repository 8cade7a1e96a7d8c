/** The error each status fault answers with: status, `error.type`, the API's wording, headers. */
import type { FaultRule } from '../faults/plan.ts';
import type { ApiErrorSpec } from './wire.ts';

export const ORG_ID = '7f3c1a52-0b9e-4c8e-9d4b-2a6f0e1c5b77';

export const STATUS_FAULTS: Record<string, (rule: FaultRule, window: number, input: number) => ApiErrorSpec> = {
  rate_limit: (rule) => {
    const r = rule as Extract<FaultRule, { kind: 'rate_limit' }>;
    const headers: Record<string, string> = {};
    if (r.retry_after !== null) headers['retry-after'] = String(r.retry_after ?? 2);
    if (r.retry_after_ms !== undefined) headers['retry-after-ms'] = String(r.retry_after_ms);
    return {
      status: 429,
      type: 'rate_limit_error',
      message:
        "This request would exceed your organization's rate limit of 2,000,000 input tokens per minute (org: " +
        `${ORG_ID}, model: simulated). For details, refer to: https://docs.claude.com/en/api/rate-limits. You can see the response headers for current usage. Please reduce the prompt length or the maximum tokens requested, or try again later.`,
      headers,
    };
  },
  spend_limit: () => ({
    status: 429,
    type: 'rate_limit_error',
    message: 'You have reached your specified API usage limits. You will regain access on 2027-01-01 at 00:00 UTC.',
  }),
  overloaded: () => ({ status: 529, type: 'overloaded_error', message: 'Overloaded' }),
  server_error: () => ({ status: 500, type: 'api_error', message: 'Internal server error' }),
  unavailable: () => ({ status: 503, type: 'api_error', message: 'Service unavailable' }),
  gateway_timeout: () => ({ status: 504, type: 'timeout_error', message: 'Request timeout' }),
  auth: () => ({ status: 401, type: 'authentication_error', message: 'invalid x-api-key' }),
  context_overflow: (rule, window, input) => {
    const t = (rule as Extract<FaultRule, { kind: 'context_overflow' }>).tokens ?? Math.max(window + 19_898, input);
    return { status: 400, type: 'invalid_request_error', message: `prompt is too long: ${t} tokens > ${window} maximum` };
  },
};
