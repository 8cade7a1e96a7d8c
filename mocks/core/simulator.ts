/**
 * The simulator's core: a request in, a planned response out (status, headers, a JSON body or
 * a timed list of SSE frames). No transport here: `mocks/msw` and `mocks/http` adapt it, and
 * carry out the waits through the same clock.
 */
import { defaultCatalog, type Catalog } from '../../src/shared/catalog.ts';
import { systemClock, type Clock } from '../../src/shared/clock.ts';
import { FAULT_HEADER, FaultHeaderError } from '../faults/header.ts';
import { HEALTHY, type FaultPlan, type FaultRule } from '../faults/plan.ts';
import { choose, FaultPlanner, type ChosenFaults, type Endpoint } from '../faults/planner.ts';
import { PromptCache } from './cache.ts';
import { chunkText, generateReply, requestSeed, type Reply } from './reply.ts';
import { prose, rng } from './text.ts';
import type { PlannedResponse, SimLogEntry, SimRequest, TimedFrame } from './types.ts';
import { validateMessages, type MessagesRequest } from './validate.ts';
import { DEFAULT_RATE_LIMITS, errorBody, idFactory, RateLimitBuckets, sseFrame, type ApiErrorSpec, type RateLimits } from './wire.ts';

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
  plan?: FaultPlan;
  clock?: Clock;
  catalog?: Catalog;
  /** Seeds ids, replies and latency jitter (default 1). */
  seed?: number;
  latency?: Partial<LatencyModel>;
  rateLimits?: Partial<RateLimits>;
  /** Keep at most this many log entries, the newest (default 10,000). */
  logLimit?: number;
}

export interface Simulator {
  handle(req: SimRequest): PlannedResponse;
  setPlan(plan: FaultPlan): void;
  readonly log: readonly SimLogEntry[];
  readonly clock: Clock;
  readonly catalog: Catalog;
}

const ORG_ID = '7f3c1a52-0b9e-4c8e-9d4b-2a6f0e1c5b77';
const TEXT_HEADERS = { 'content-type': 'application/json', 'anthropic-organization-id': ORG_ID };

const STATUS_FAULTS: Record<string, (rule: FaultRule, window: number, input: number) => ApiErrorSpec> = {
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

export function createSimulator(options: SimulatorOptions = {}): Simulator {
  const clock = options.clock ?? systemClock;
  const catalog = options.catalog ?? defaultCatalog;
  const seed = options.seed ?? 1;
  const latency: LatencyModel = { ...DEFAULT_LATENCY, ...options.latency };
  const logLimit = options.logLimit ?? 10_000;
  const started = clock.now();
  const newId = idFactory();
  const jitter = rng(seed ^ 0xa11ce);
  const buckets = new RateLimitBuckets({ ...DEFAULT_RATE_LIMITS, ...options.rateLimits }, started);
  const cache = new PromptCache();
  let planner = new FaultPlanner(options.plan ?? HEALTHY);
  // A ring buffer: once full, each request overwrites the oldest entry (O(1); a splice from the
  // front of a full 10,000-entry array cost ~15 µs per request). Read as an ordered copy.
  const ring: SimLogEntry[] = [];
  let oldest = 0;
  const record = (e: SimLogEntry) => {
    if (logLimit <= 0) return;
    if (ring.length < logLimit) {
      ring.push(e);
      return;
    }
    ring[oldest] = e;
    oldest = (oldest + 1) % logLimit;
  };

  const vary = (ms: number) => (latency.jitter > 0 ? ms * (1 + (jitter() * 2 - 1) * latency.jitter) : ms);

  function errorResponse(spec: ApiErrorSpec, requestId: string, exhausted = false, extra?: FaultRule): PlannedResponse {
    const now = clock.now();
    const headers: Record<string, string> = {
      ...TEXT_HEADERS,
      'request-id': requestId,
      ...buckets.headers(now, exhausted),
      ...spec.headers,
    };
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
    const requestId = newId('req_011C');
    const now = clock.now();
    const endpoint = route(req.method, req.path);
    const entry: SimLogEntry = { at: now, path: req.path, status: 0, request_id: requestId };
    const done = (r: PlannedResponse, fault?: string): PlannedResponse => {
      entry.status = r.type === 'json' || r.type === 'stream' ? r.status : 0;
      if (fault) entry.fault = fault;
      record(entry);
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
      const models = catalog.models.filter((m) => m.status !== 'retired');
      if (endpoint === 'model') {
        const m = catalog.find(decodeURIComponent(req.path.slice('/v1/models/'.length)));
        if (!m || m.status === 'retired') return done(errorResponse({ status: 404, type: 'not_found_error', message: `model: ${req.path.slice(11)}` }, requestId));
        return done({ type: 'json', status: 200, headers: { ...TEXT_HEADERS, 'request-id': requestId }, body: JSON.stringify(modelInfoJson(m)), delayMs: 0 });
      }
      const data = models.map(modelInfoJson);
      const body = JSON.stringify({ data, has_more: false, first_id: data[0]?.id ?? null, last_id: data[data.length - 1]?.id ?? null });
      return done({ type: 'json', status: 200, headers: { ...TEXT_HEADERS, 'request-id': requestId }, body, delayMs: 0 });
    }

    const v = validateMessages(req.body, catalog, { forCount: endpoint === 'count_tokens', ...(req.headers['anthropic-beta'] ? { betas: req.headers['anthropic-beta'] } : {}) });
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
    const faultName = [chosen.terminal, chosen.latency, chosen.stream, chosen.output].filter(Boolean).map((r) => r!.kind).join('+') || undefined;
    return done(reply(v.req, requestId, chosen), faultName);
  }

  // Same request, same reply: memoised, so a load test repeating one prompt costs little.
  const replies = new Map<string, Reply>();
  function replyFor(req: MessagesRequest, output: FaultRule | undefined): Reply {
    const s = requestSeed(req, seed);
    const key = `${s}|${output ? JSON.stringify(output) : ''}`;
    let r = replies.get(key);
    if (!r) {
      r = generateReply(req, s, output);
      if (replies.size >= 1_000) replies.delete(replies.keys().next().value!);
      replies.set(key, r);
    }
    return r;
  }

  function reply(req: MessagesRequest, requestId: string, chosen: ChosenFaults): PlannedResponse {
    const now = clock.now();
    const r = replyFor(req, chosen.output);
    const c = cache.use(req, now);
    const cacheWrite = c.write5m + c.write1h;
    const usage = {
      input_tokens: req.input_tokens - c.read - cacheWrite,
      cache_creation_input_tokens: cacheWrite,
      cache_read_input_tokens: c.read,
      cache_creation: { ephemeral_5m_input_tokens: c.write5m, ephemeral_1h_input_tokens: c.write1h },
      output_tokens: r.output_tokens,
      service_tier: 'standard',
    };
    buckets.take(now, req.input_tokens, r.output_tokens);
    const headers = { 'request-id': requestId, 'anthropic-organization-id': ORG_ID, ...buckets.headers(now) };
    const ttft = chosen.latency?.kind === 'slow_first_token' ? (chosen.latency.delay_ms ?? 20_000) : vary(latency.ttft_ms);
    const msgId = newId('msg_01');
    const message = {
      id: msgId,
      type: 'message',
      role: 'assistant',
      model: req.info.id,
      content: r.stop_reason === 'refusal' && r.text === '' ? [] : [{ type: 'text', text: r.text }],
      stop_reason: r.stop_reason,
      stop_sequence: r.stop_sequence,
      stop_details: r.stop_details,
      usage,
    };
    if (!req.stream) {
      let body = JSON.stringify(message);
      if (chosen.terminal?.kind === 'malformed_json') body = body.slice(0, Math.max(10, Math.floor(body.length * 0.4)));
      return { type: 'json', status: 200, headers: { ...headers, 'content-type': 'application/json' }, body, delayMs: ttft + vary(latency.per_token_ms * r.output_tokens) };
    }
    return { type: 'stream', status: 200, headers: { ...headers, 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache' }, ...streamFrames(message, r, usage, ttft, chosen) };
  }

  function streamFrames(
    message: { content: unknown[]; stop_reason: string | null } & Record<string, unknown>,
    r: Reply,
    usage: Record<string, unknown>,
    ttft: number,
    chosen: ChosenFaults,
  ): { frames: Iterable<TimedFrame>; ending: 'close' | 'stall' } {
    const frames: TimedFrame[] = [];
    const push = (delayMs: number, event: string, data: unknown) => frames.push({ delayMs, frame: sseFrame(event, data) });
    push(ttft * 0.2, 'message_start', { type: 'message_start', message: { ...message, content: [], stop_reason: null, stop_sequence: null, stop_details: null, usage: { ...usage, output_tokens: 1 } } });
    const chunks = r.stop_reason === 'refusal' && r.text === '' ? [] : chunkText(r.text);
    const sf = chosen.stream;
    const afterDeltas = sf && 'after_deltas' in sf ? sf.after_deltas : undefined;
    const limit = sf ? Math.min(chunks.length, afterDeltas ?? 2) : chunks.length;
    if (chunks.length > 0 || sf) {
      push(0, 'content_block_start', { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } });
      push(0, 'ping', { type: 'ping' });
    }
    for (let i = 0; i < limit; i++) {
      const piece = chunks[i]!;
      push(i === 0 ? ttft * 0.8 : vary(latency.per_token_ms * Math.max(1, Math.ceil(piece.length / 4))), 'content_block_delta', { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: piece } });
    }
    if (chosen.terminal?.kind === 'malformed_json') {
      frames.push({ delayMs: 0, frame: 'event: content_block_delta\ndata: {"type": "content_block_delta", "index": 0, "delta": {"type": "text_del\n\n' });
      return { frames, ending: 'close' };
    }
    if (sf?.kind === 'stream_error') {
      push(0, 'error', { type: 'error', error: { type: sf.error_type ?? 'overloaded_error', message: sf.error_type === 'api_error' ? 'Internal server error' : 'Overloaded' } });
      return { frames, ending: 'close' };
    }
    if (sf?.kind === 'stream_truncated') return { frames, ending: 'close' };
    if (sf?.kind === 'stream_stall') return { frames, ending: 'stall' };
    if (sf?.kind === 'stream_runaway') return { frames: runaway(frames, r.seed, usage, sf.usage_every), ending: 'close' };
    if (chunks.length > 0) push(0, 'content_block_stop', { type: 'content_block_stop', index: 0 });
    push(0, 'message_delta', { type: 'message_delta', delta: { stop_reason: r.stop_reason, stop_sequence: r.stop_sequence, stop_details: r.stop_details }, usage: { ...usage, output_tokens: r.output_tokens } });
    push(0, 'message_stop', { type: 'message_stop' });
    return { frames, ending: 'close' };
  }

  /**
   * The `stream_runaway` fault: after the usual opening, text deltas that never end and ignore
   * `max_tokens` (a server bug the client must cut). Every delta waits at least 1 ms, so a
   * transport writing it yields between frames and sees the client go away.
   */
  function* runaway(opening: TimedFrame[], seed: number, usage: Record<string, unknown>, usageEvery: number | undefined): Generator<TimedFrame> {
    yield* opening;
    let sent = 0;
    let tokens = 0;
    for (let i = 0; ; i++) {
      for (const piece of chunkText(prose(seed + i, 64) + ' ')) {
        tokens += Math.max(1, Math.ceil(piece.length / 4));
        yield { delayMs: Math.max(1, vary(latency.per_token_ms * Math.max(1, Math.ceil(piece.length / 4)))), frame: sseFrame('content_block_delta', { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: piece } }) };
        if (usageEvery !== undefined && ++sent % usageEvery === 0) {
          yield { delayMs: 0, frame: sseFrame('message_delta', { type: 'message_delta', delta: { stop_reason: null, stop_sequence: null }, usage: { ...usage, output_tokens: tokens } }) };
        }
      }
    }
  }

  return {
    handle,
    setPlan(plan) {
      planner = new FaultPlanner(plan);
    },
    get log() {
      return oldest === 0 ? ring.slice() : [...ring.slice(oldest), ...ring.slice(0, oldest)];
    },
    clock,
    catalog,
  };
}
