/**
 * The admin API, WireMock/Toxiproxy style, under `/__canary/` (apart from the mocked `/v1/`):
 * the request journal, reset, and the plan (faults and reply rules) read and replaced at run
 * time. Served by the core, so every transport (HTTP, in-process fetch, MSW) has it. Admin
 * requests need no API key and are not journaled.
 *
 * | method | path | does |
 * | --- | --- | --- |
 * | GET | /__canary/requests | the journal, filtered by query (path, method, model, status, stream, fault, reply_rule, since, limit) |
 * | DELETE | /__canary/requests | clears the journal only |
 * | POST | /__canary/reset | clears the journal, the bill, fault counters, rate-limit buckets and prompt cache; restarts the plan's clock |
 * | GET | /__canary/plan | the plan in force |
 * | PUT | /__canary/plan | replaces the plan (validated; a 400 names each bad field) |
 */
import type { FaultPlan } from '../faults/plan.ts';
import { CanaryError } from '../../src/shared/errors.ts';
import type { JournalFilter } from './journal.ts';
import type { PlannedResponse, SimLogEntry, SimRequest } from './types.ts';

export const ADMIN_PREFIX = '/__canary/';

export interface AdminOps {
  journal(filter?: JournalFilter): SimLogEntry[];
  /** Entries the bounded journal dropped since the last reset. */
  dropped(): number;
  clearJournal(): number;
  reset(): void;
  plan(): FaultPlan;
  setPlan(plan: FaultPlan): void;
}

const json = (status: number, body: unknown): PlannedResponse => ({
  type: 'json',
  status,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
  delayMs: 0,
});

const invalid = (message: string, problems?: Array<{ path?: string; message: string }>) =>
  json(400, { type: 'error', error: { type: 'invalid_request_error', message }, ...(problems ? { problems } : {}), request_id: null });

const FILTERS = ['path', 'method', 'model', 'status', 'stream', 'fault', 'reply_rule', 'since', 'limit'] as const;
type FilterKey = (typeof FILTERS)[number];

/** Query string -> filter; a string is the 400's message naming the parameter. */
export function parseJournalQuery(query: string): JournalFilter | string {
  const f: JournalFilter = {};
  for (const [k, v] of new URLSearchParams(query)) {
    if (!(FILTERS as readonly string[]).includes(k)) return `unknown filter "${k}"; allowed: ${FILTERS.join(', ')}`;
    const key = k as FilterKey;
    if (key === 'status' || key === 'since' || key === 'limit') {
      const n = Number(v);
      if (v === '' || !Number.isInteger(n) || n < 0) return `${key}: must be a non-negative integer, got "${v}"`;
      f[key] = n;
    } else if (key === 'stream') {
      if (v !== 'true' && v !== 'false') return `stream: must be true or false, got "${v}"`;
      f.stream = v === 'true';
    } else f[key] = v;
  }
  return f;
}

export function handleAdmin(ops: AdminOps, req: SimRequest): PlannedResponse {
  const route = `${req.method} ${req.path.replace(/\/+$/, '')}`;
  switch (route) {
    case 'GET /__canary/requests': {
      const f = parseJournalQuery(req.query ?? '');
      if (typeof f === 'string') return invalid(f);
      const requests = ops.journal(f);
      return json(200, { requests, total: requests.length, dropped: ops.dropped() });
    }
    case 'DELETE /__canary/requests':
      return json(200, { cleared: ops.clearJournal() });
    case 'POST /__canary/reset':
      ops.reset();
      return json(200, { reset: true });
    case 'GET /__canary/plan':
      return json(200, ops.plan());
    case 'PUT /__canary/plan': {
      let body: unknown;
      try {
        body = JSON.parse(req.body);
      } catch {
        return invalid('plan: the body is not valid JSON');
      }
      try {
        ops.setPlan(body as FaultPlan);
      } catch (err) {
        if (!(err instanceof CanaryError)) throw err;
        const problems = err.problems.map((p) => ({ ...(p.path ? { path: p.path } : {}), message: p.message }));
        return invalid(`invalid plan: ${problems.map((p) => (p.path ? `${p.path}: ${p.message}` : p.message)).join('; ')}`, problems);
      }
      return json(200, ops.plan());
    }
    default:
      return json(404, {
        type: 'error',
        error: { type: 'not_found_error', message: `no admin route ${route}; routes: GET|DELETE /__canary/requests, POST /__canary/reset, GET|PUT /__canary/plan` },
        request_id: null,
      });
  }
}
