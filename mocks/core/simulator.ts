/**
 * The simulator's core: a request in, a planned response out (status, headers, a JSON body or
 * a timed list of SSE frames). No transport here: `mocks/msw`, `mocks/http` and `mocks/fetch`
 * adapt it, and carry out the waits through the same clock. Requests under `/__canary/` are the
 * admin API (admin.ts): journal, reset, plan.
 */
import { defaultCatalog, type Catalog } from '../../src/shared/catalog.ts';
import { systemClock, type Clock } from '../../src/shared/clock.ts';
import { FAULT_HEADER, FaultHeaderError } from '../faults/header.ts';
import { HEALTHY, parseFaultPlan, type FaultPlan, type FaultRule } from '../faults/plan.ts';
import { choose, FaultPlanner, type ChosenFaults, type Endpoint } from '../faults/planner.ts';
import { ADMIN_PREFIX, handleAdmin, type AdminOps } from './admin.ts';
import { handleReport, isReportPath } from './admin-reports.ts';
import { buildTurn } from './assistant-turn.ts';
import { BillingLedger } from './billing.ts';
import { PromptCache } from './cache.ts';
import { Journal, redactHeaders, summariseBody, summariseRequest, type JournalFilter } from './journal.ts';
import { generateReply, requestSeed, type Reply } from './reply.ts';
import { compileReplyRules, type ReplyMatch } from './reply-rules.ts';
import { ORG_ID, STATUS_FAULTS } from './status-faults.ts';
import { streamFrames } from './stream-frames.ts';
import { rng } from './text.ts';
import type { PlannedResponse, SimLogEntry, SimRequest } from './types.ts';
import { validateMessages, type MessagesRequest } from './validate.ts';
import { DEFAULT_RATE_LIMITS, errorBody, idFactory, RateLimitBuckets, type ApiErrorSpec, type RateLimits } from './wire.ts';

/** Time to first token and time per output token, in ms; `jitter` is a ± fraction. */
export interface LatencyModel {
  ttft_ms: number;
  per_token_ms: number;
  jitter: number;
}

/** Realistic enough to watch, quick enough for `npm start`. */
export const DEFAULT_LATENCY: LatencyModel = { ttft_ms: 350, per_token_ms: 6, jitter: 0.2 };
/** No simulated latency at all (benchmarks, the HTTP load target). */
export const NO_LATENCY: LatencyModel = { ttft_ms: 0, per_token_ms: 0, jitter: 0 };

export interface SimulatorOptions {
  /** Faults and reply rules (validated; a bad plan throws CanaryError naming each field). Default healthy. */
  plan?: FaultPlan;
  clock?: Clock;
  catalog?: Catalog;
  /** Seeds ids, replies and latency jitter (default 1). */
  seed?: number;
  latency?: Partial<LatencyModel>;
  rateLimits?: Partial<RateLimits>;
  /** Keep at most this many journal entries, the newest (default 10,000). */
  logLimit?: number;
}

export interface Simulator {
  handle(req: SimRequest): PlannedResponse;
  /** Replaces the plan (faults and reply rules) and restarts its counters; throws CanaryError on a bad plan. */
  setPlan(plan: FaultPlan): void;
  /** The plan in force. */
  readonly plan: FaultPlan;
  /** Journal entries matching `filter` (all when omitted), oldest first. Same as `GET /__canary/requests`. */
  journal(filter?: JournalFilter): SimLogEntry[];
  /**
   * Clears the journal, the bill (usage and cost reports), fault counters (`first`/`every` counts, `x-canary-fault` `times=`
   * counters), rate-limit buckets and the prompt cache, and restarts the plan's time window;
   * the plan stays. Same as `POST /__canary/reset`.
   */
  reset(): void;
  /** The whole journal, oldest first (`journal()` without a filter). */
  readonly log: readonly SimLogEntry[];
  readonly clock: Clock;
  readonly catalog: Catalog;
}

const TEXT_HEADERS = { 'content-type': 'application/json', 'anthropic-organization-id': ORG_ID };

export function createSimulator(options: SimulatorOptions = {}): Simulator {
  const clock = options.clock ?? systemClock;
  const catalog = options.catalog ?? defaultCatalog;
  const seed = options.seed ?? 1;
  const latency: LatencyModel = { ...DEFAULT_LATENCY, ...options.latency };
  const journal = new Journal(options.logLimit ?? 10_000);
  const newId = idFactory();
  const jitter = rng(seed ^ 0xa11ce);
  const limits = { ...DEFAULT_RATE_LIMITS, ...options.rateLimits };
  let started = clock.now();
  let buckets = new RateLimitBuckets(limits, started);
  let cache = new PromptCache();
  const ledger = new BillingLedger();
  let plan: FaultPlan = parseFaultPlan(options.plan ?? HEALTHY, 'fault plan');
  let planner = new FaultPlanner(plan);
  const resolveModel = (m: string) => catalog.find(m)?.id ?? m;
  let matchRule = compileReplyRules(plan.replies ?? [], resolveModel);

  const vary = (ms: number) => (latency.jitter > 0 ? ms * (1 + (jitter() * 2 - 1) * latency.jitter) : ms);

  function errorResponse(spec: ApiErrorSpec, requestId: string, exhausted = false, extra?: FaultRule): PlannedResponse {
    const headers: Record<string, string> = { ...TEXT_HEADERS, 'request-id': requestId, ...buckets.headers(clock.now(), exhausted), ...spec.headers };
    if (extra && 'x_should_retry' in extra && extra.x_should_retry !== undefined) headers['x-should-retry'] = String(extra.x_should_retry);
    return { type: 'json', status: spec.status, headers, body: errorBody(spec.type, spec.message, requestId), delayMs: 0 };
  }

  function route(method: string, path: string): Endpoint | 'model' | undefined {
    if (method === 'POST' && path === '/v1/messages') return 'messages';
    if (method === 'POST' && path === '/v1/messages/count_tokens') return 'count_tokens';
    if (method === 'GET' && path === '/v1/models') return 'models';
    if (method === 'GET' && path.startsWith('/v1/models/')) return 'model';
    return undefined;
  }

  function modelInfoJson(m: (typeof catalog.models)[number]) {
    return { type: 'model', id: m.id, display_name: m.display_name, created_at: m.created_at, max_input_tokens: m.context_window, max_tokens: m.max_output };
  }

  function handle(req: SimRequest): PlannedResponse {
    if (req.path.startsWith(ADMIN_PREFIX)) return handleAdmin(admin, req);
    const requestId = newId('req_011C');
    // The Admin API's reports: read the bill, are not journaled and are not billed.
    if (isReportPath(req.path)) return handleReport(req, { ledger, catalog, skew: plan.billing, now: clock.now(), requestId });
    const now = clock.now();
    const endpoint = route(req.method, req.path);
    const entry: SimLogEntry = { at: now, method: req.method, path: req.path, headers: redactHeaders(req.headers), status: 0, request_id: requestId };
    const done = (r: PlannedResponse, fault?: string): PlannedResponse => {
      entry.status = r.type === 'json' || r.type === 'stream' ? r.status : 0;
      if (r.type === 'json' && r.status >= 400 && !entry.error_type) entry.error_type = (JSON.parse(r.body) as { error?: { type?: string } }).error?.type ?? 'unknown';
      if (fault) entry.fault = fault;
      journal.record(entry);
      return r;
    };
    if (!endpoint) return done(errorResponse({ status: 404, type: 'not_found_error', message: 'Not Found' }, requestId));
    if (!req.headers['x-api-key'] && !req.headers['authorization']) {
      return done(errorResponse({ status: 401, type: 'authentication_error', message: 'x-api-key header is required' }, requestId));
    }
    if (!req.headers['anthropic-version']) {
      return done(errorResponse({ status: 400, type: 'invalid_request_error', message: 'anthropic-version: header is required' }, requestId));
    }
    let headerFault: FaultRule | undefined;
    const fh = req.headers[FAULT_HEADER];
    if (fh) {
      try {
        headerFault = planner.fromHeader(fh);
      } catch (err) {
        if (!(err instanceof FaultHeaderError)) throw err;
        return done(errorResponse({ status: 400, type: 'invalid_request_error', message: err.message }, requestId));
      }
    }

    if (endpoint === 'models' || endpoint === 'model') {
      const ok = (body: unknown) => done({ type: 'json', status: 200, headers: { ...TEXT_HEADERS, 'request-id': requestId }, body: JSON.stringify(body), delayMs: 0 });
      if (endpoint === 'model') {
        const m = catalog.find(decodeURIComponent(req.path.slice('/v1/models/'.length)));
        if (!m || m.status === 'retired') return done(errorResponse({ status: 404, type: 'not_found_error', message: `model: ${req.path.slice(11)}` }, requestId));
        return ok(modelInfoJson(m));
      }
      const data = catalog.models.filter((m) => m.status !== 'retired').map(modelInfoJson);
      return ok({ data, has_more: false, first_id: data[0]?.id ?? null, last_id: data[data.length - 1]?.id ?? null });
    }

    const v = validateMessages(req.body, catalog, { forCount: endpoint === 'count_tokens', ...(req.headers['anthropic-beta'] ? { betas: req.headers['anthropic-beta'] } : {}) });
    entry.body = v.ok ? summariseRequest(v.req) : summariseLeniently(req.body);
    const model = v.ok ? v.req.model : undefined;
    if (model) entry.model = model;
    const stream = v.ok && v.req.stream && endpoint === 'messages';
    entry.stream = stream;
    const rules = planner.matching({ endpoint, ...(model ? { model } : {}), stream, elapsedMs: now - started });
    if (headerFault) rules.unshift(headerFault);
    const chosen: ChosenFaults = choose(rules, stream);
    const t = chosen.terminal;
    if (t) {
      const mk = STATUS_FAULTS[t.kind];
      if (mk) {
        const window = v.ok ? v.req.info.context_window : 200_000;
        return done(errorResponse(mk(t, window, v.ok ? v.req.input_tokens : 0), requestId, t.kind === 'rate_limit', t), t.kind);
      }
      if (t.kind === 'hang') return done({ type: 'hang' }, 'hang');
      if (t.kind === 'reset') return done({ type: 'reset', delayMs: t.delay_ms ?? 0 }, 'reset');
    }
    if (!v.ok) return done(errorResponse(v.error, requestId));

    if (endpoint === 'count_tokens') {
      return done({ type: 'json', status: 200, headers: { ...TEXT_HEADERS, 'request-id': requestId }, body: JSON.stringify({ input_tokens: v.req.input_tokens }), delayMs: 0 });
    }
    const ruled = matchRule({ model: v.req.info.id, system: textOf(v.req.system), lastUser: v.req.last_user_text, toolNames: v.req.tool_defs?.map((d) => d.name) ?? [] });
    if (ruled) entry.reply_rule = ruled.label;
    // A rule's answer replaces generated text, so output faults (short, verbose, ...) do not apply to it.
    const applied = ruled ? { ...chosen, output: undefined } : chosen;
    const faultName = [applied.terminal, applied.latency, applied.stream, applied.output].filter(Boolean).map((r) => r!.kind).join('+') || undefined;
    const apiKey = req.headers['x-api-key'] ?? req.headers['authorization']?.replace(/^Bearer\s+/i, '') ?? '';
    return done(reply(v.req, requestId, applied, ruled, entry, apiKey), faultName);
  }

  // Same request, same generated reply: memoised, so a load test repeating one prompt costs little.
  const replies = new Map<string, Reply>();
  function replyFor(req: MessagesRequest, output: FaultRule | undefined, s = requestSeed(req, seed)): Reply {
    const key = `${s}|${output ? JSON.stringify(output) : ''}`;
    let r = replies.get(key);
    if (!r) {
      r = generateReply(req, s, output);
      if (replies.size >= 1_000) replies.delete(replies.keys().next().value!);
      replies.set(key, r);
    }
    return r;
  }

  function reply(req: MessagesRequest, requestId: string, chosen: ChosenFaults, ruled: ReplyMatch | undefined, entry: SimLogEntry, apiKey: string): PlannedResponse {
    const now = clock.now();
    const s = requestSeed(req, seed);
    const turn = buildTurn(req, s, ruled?.rule.reply, () => newId('toolu_01'), (r) => (r === req ? replyFor(r, chosen.output, s) : replyFor(r, chosen.output)));
    const c = cache.use(req, now);
    const cacheWrite = c.write5m + c.write1h;
    const usage = {
      input_tokens: req.input_tokens - c.read - cacheWrite,
      cache_creation_input_tokens: cacheWrite,
      cache_read_input_tokens: c.read,
      cache_creation: { ephemeral_5m_input_tokens: c.write5m, ephemeral_1h_input_tokens: c.write1h },
      output_tokens: turn.output_tokens,
      ...(req.thinking ? { output_tokens_details: { thinking_tokens: turn.thinking_tokens } } : {}),
      service_tier: 'standard',
    };
    entry.usage = { input_tokens: usage.input_tokens, output_tokens: usage.output_tokens, cache_creation_input_tokens: cacheWrite, cache_read_input_tokens: c.read };
    buckets.take(now, req.input_tokens, turn.output_tokens);
    // Every 200 is billed, whatever happens to its body afterwards (a cut stream is still billed).
    ledger.record(now, apiKey, req.info.id, { uncached_input: usage.input_tokens, output: usage.output_tokens, cache_read: c.read, cache_write_5m: c.write5m, cache_write_1h: c.write1h });
    const headers = { 'request-id': requestId, 'anthropic-organization-id': ORG_ID, ...buckets.headers(now) };
    const ttft = chosen.latency?.kind === 'slow_first_token' ? (chosen.latency.delay_ms ?? 20_000) : vary(latency.ttft_ms);
    const message = {
      id: newId('msg_01'),
      type: 'message',
      role: 'assistant',
      model: req.info.id,
      content: turn.blocks,
      stop_reason: turn.stop_reason,
      stop_sequence: turn.stop_sequence,
      stop_details: turn.stop_details,
      usage,
    };
    if (!req.stream) {
      let body = JSON.stringify(message);
      if (chosen.terminal?.kind === 'malformed_json') body = body.slice(0, Math.max(10, Math.floor(body.length * 0.4)));
      return { type: 'json', status: 200, headers: { ...headers, 'content-type': 'application/json' }, body, delayMs: ttft + vary(latency.per_token_ms * turn.output_tokens) };
    }
    const timing = { ttft, perChunk: (chars: number) => vary(latency.per_token_ms * Math.max(1, Math.ceil(chars / 4))) };
    return {
      type: 'stream',
      status: 200,
      headers: { ...headers, 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache' },
      ...streamFrames(message, turn, usage, timing, chosen.stream, chosen.terminal?.kind === 'malformed_json', s),
    };
  }

  const admin: AdminOps = {
    journal: (f) => journal.find(f),
    dropped: () => journal.dropped,
    clearJournal() {
      const n = journal.all().length;
      journal.clear();
      return n;
    },
    reset() {
      journal.clear();
      planner = new FaultPlanner(plan);
      started = clock.now();
      buckets = new RateLimitBuckets(limits, started);
      cache = new PromptCache();
      ledger.clear();
    },
    plan: () => plan,
    setPlan(next) {
      const p = parseFaultPlan(next, 'fault plan');
      const m = compileReplyRules(p.replies ?? [], resolveModel);
      planner = new FaultPlanner(p);
      plan = p;
      matchRule = m;
    },
  };

  return {
    handle,
    setPlan: admin.setPlan,
    get plan() {
      return plan;
    },
    journal: admin.journal,
    reset: admin.reset,
    get log() {
      return journal.all();
    },
    clock,
    catalog,
  };
}

function textOf(content: MessagesRequest['system']): string {
  if (content === undefined) return '';
  return typeof content === 'string' ? content : content.map((b) => (typeof b.text === 'string' ? b.text : '')).join('\n');
}

function summariseLeniently(raw: string): SimLogEntry['body'] {
  try {
    return summariseBody(JSON.parse(raw));
  } catch {
    return undefined;
  }
}
