/**
 * The attempt loop of one call: context guard, circuit breaker, attempts, retry decisions and
 * waits (on the injected clock), then the record, telemetry and the result or error.
 */
import type { InstrumentedSdk } from './sdk.ts';
import { randomBytes } from 'node:crypto';
import type { Catalog } from '../shared/catalog.ts';
import type { Clock } from '../shared/clock.ts';
import { sha256, sha256Memo } from '../log/hash.ts';
import { runAttempt } from './attempt.ts';
import type { CircuitBreaker } from './circuit-breaker.ts';
import { checkWindow, contextWindow, estimateInputTokens, type ContextCheck, type ContextGuardOptions } from './context-guard.ts';
import { computeCost, type CostOptions, type PriceOverride } from './cost.ts';
import { ClaudeCallError, ClientFault } from './errors.ts';
import type { CallObserver, Scope } from './observer.ts';
import { parseRateLimit, type RateLimitHeadroom } from './rate-limit.ts';
import { type RetryDecision, type RetryOptions, type RetryPolicy } from './retry-policy.ts';
import { messageText } from './stream-accumulator.ts';
import { classifyError, type Classified } from './taxonomy.ts';
import { CallWatchdog, linkSignal } from './timers.ts';
import { traceHeaders } from './trace-context.ts';
import { context } from '@opentelemetry/api';
import type { AttemptRecord, CallOptions, CallParams, CallRecord, CallResult, Message } from './types.ts';
import { addUsage, normaliseUsage } from './usage.ts';
import type { Usage } from '../shared/types.ts';
import { ATTR } from '../telemetry/semconv.ts';

export interface CallDeps {
  sdk: InstrumentedSdk;
  clock: Clock;
  random: () => number;
  retry: Required<RetryOptions>;
  decide: RetryPolicy;
  /** The client's `anthropic-beta` header, if any. */
  betas: string | undefined;
  breaker: CircuitBreaker | null;
  attemptTimeoutMs: number;
  deadlineMs: number;
  idleTimeoutMs: number;
  streamRetry: 'until_text' | 'never';
  contextGuard: Required<ContextGuardOptions>;
  catalog: Catalog;
  /** Context windows by model, from `catalog` and `betas` (both fixed for the client). */
  windows: Map<string, number | null>;
  priceOverrides: Readonly<Record<string, PriceOverride>> | undefined;
  observer: CallObserver;
  captureContent: boolean;
  /** Record the gaps between streamed output chunks (`gen_ai.client.operation.time_per_output_chunk`). */
  chunkTiming?: boolean;
}

function newAttempt(n: number, at: number): AttemptRecord {
  return {
    n,
    started_at: at,
    duration_ms: 0,
    status: null,
    error_kind: null,
    error_type: null,
    error_message: null,
    request_id: null,
    retry_after_ms: null,
    wait_ms: null,
    wait_source: null,
    stop_reason: null,
    ttft_ms: null,
    text_delivered: false,
  };
}

/** The context guard with the local estimate (or a count already made): synchronous, no await. */
function assessInput(deps: CallDeps, params: CallParams, tokens: number | null, method: ContextCheck['method']): ContextCheck {
  const g = deps.contextGuard;
  const model = params.model;
  // The window depends only on the model here (catalogue and beta header are the client's).
  let window = deps.windows.get(model);
  if (window === undefined) {
    window = contextWindow(model, deps.catalog, deps.betas);
    if (deps.windows.size >= 256) deps.windows.clear(); // model names are the caller's: bounded
    deps.windows.set(model, window);
  }
  const check = checkWindow(tokens ?? estimateInputTokens(params), method, window, g.highRatio);
  if (check.overflow && g.refuseOverflow) {
    throw Object.assign(
      new ClientFault('context_overflow', `input of ~${check.input_tokens} tokens exceeds the ${check.window}-token context window of ${params.model} (refused before sending)`),
      { check },
    );
  }
  return check;
}

/** The context guard through the count_tokens endpoint (falls back to the estimate), traced as its own span. */
async function countAndAssess(deps: CallDeps, params: CallParams, watchdog: CallWatchdog, scope: Scope, callerSignal?: AbortSignal): Promise<ContextCheck> {
  let tokens: number | null = null;
  let method: ContextCheck['method'] = 'estimate';
  const started = deps.clock.now();
  let failure: unknown;
  try {
    const { model, messages, system, tools, tool_choice, thinking } = params;
    const body = { model, messages, ...(system !== undefined && { system }), ...(tools && { tools }), ...(tool_choice && { tool_choice }), ...(thinking && { thinking }) };
    const ac = new AbortController();
    const unlink = linkSignal(callerSignal, ac);
    watchdog.startAttempt(deps.attemptTimeoutMs, ac);
    try {
      const ctx = scope.context();
      // Not an attempt (no AttemptAbort for InstrumentedSdk to write into): its trace headers go as a request option.
      const headers = ctx && traceHeaders(ctx);
      const count = () => deps.sdk.messages.countTokens(body, { signal: ac.signal, maxRetries: 0, ...(headers && { headers }) });
      tokens = (await (ctx ? context.with(ctx, count) : count())).input_tokens;
      method = 'count_tokens';
    } finally {
      watchdog.endAttempt();
      unlink();
    }
  } catch (err) {
    if (callerSignal?.aborted) throw err;
    failure = err;
    tokens = null; // counting is advisory: fall back to the estimate
  }
  const c = failure === undefined ? null : classifyError(failure, deps.clock.now());
  scope.countTokens({
    started_at: started,
    finished_at: deps.clock.now(),
    input_tokens: tokens,
    status: c ? c.status : 200,
    error_kind: c?.kind ?? null,
    error_message: c?.message ?? null,
  });
  return assessInput(deps, params, tokens, method);
}

// Call ids: a random per-process prefix and a counter. Unique across runners (the prefix) and
// cheaper on the hot path than a UUID per call (randomUUID cost ~8 µs with cold caches).
const CALL_ID_PREFIX = randomBytes(8).toString('hex');
let callSeq = 0;

/**
 * The record of one call. Fields that take work to derive are computed on first read, through
 * accessors on the prototype (accessors declared per object, in a literal or with
 * defineProperty, cost more than they save): the call id; the prompt hash, from the prompt JSON
 * captured when the call started, so a caller mutating `messages` afterwards cannot change it;
 * the cost, from the final usage, the model and the price catalogue at the call's start; the
 * rate-limit headroom (12 header reads); the output hash. Logs, spans and metrics read them when
 * they are on; a caller that never reads them never pays for them. `toJSON` includes them all,
 * so a serialised record is complete.
 */
type Priced = Pick<CallRecord, 'cost' | 'cost_usd' | 'unpriced' | 'long_context_pricing'>;

class LiveRecord implements CallRecord {
  response_model: string | null = null;
  finished_at: number;
  latency_ms = 0;
  ttft_ms: number | null = null;
  outcome: CallRecord['outcome'] = 'error';
  error_kind: CallRecord['error_kind'] = null;
  error_message: string | null = null;
  attempts: AttemptRecord[] = [];
  request_id: string | null = null;
  response_id: string | null = null;
  stop_reason: string | null = null;
  usage: Usage | null = null;
  context: ContextCheck | null = null;
  circuit_open = false;
  partial_attempts_billed = 0;
  /** Response headers of the attempts, oldest first (the headroom comes from the newest that has it); an array only from the second. */
  #headers: Headers | Headers[] | null = null;
  #rateLimit: RateLimitHeadroom | null | undefined = undefined;
  #answer: string | null = null;
  #outputHash: string | null | undefined = undefined;
  #promptJson: string | null;
  #seq: number;
  #callId: string | undefined = undefined;
  #promptHash: string | undefined = undefined;
  #pricing: CostOptions | null = null;
  #cost: Priced | undefined = undefined;

  constructor(
    /** This call's number in the process; `call_id` is built from it when first read. */
    seq: number,
    public model: string,
    public stream: boolean,
    public started_at: number,
    public circuit: CallRecord['circuit'],
    promptJson: string,
  ) {
    this.finished_at = started_at;
    this.#promptJson = promptJson;
    this.#seq = seq;
  }

  get call_id(): string {
    return (this.#callId ??= `${CALL_ID_PREFIX}-${this.#seq.toString(36)}`);
  }

  set call_id(v: string) {
    this.#callId = v;
  }

  /** @internal Prices `usage` (as it stands when first read) with these options. */
  priceWith(pricing: CostOptions): void {
    this.#pricing = pricing;
    this.#cost = undefined;
  }

  get prompt_sha256(): string {
    if (this.#promptHash === undefined) {
      this.#promptHash = sha256Memo(this.#promptJson ?? '');
      this.#promptJson = null;
    }
    return this.#promptHash;
  }

  set prompt_sha256(v: string) {
    this.#promptHash = v;
    this.#promptJson = null;
  }

  #priced(): Priced {
    if (this.#cost === undefined) {
      if (this.usage && this.#pricing) {
        const c = computeCost(this.model, this.usage, this.#pricing);
        this.#cost = { cost: c.cost, cost_usd: c.cost?.total ?? null, unpriced: c.unpriced, long_context_pricing: c.long_context };
      } else this.#cost = { cost: null, cost_usd: null, unpriced: false, long_context_pricing: false };
    }
    return this.#cost;
  }

  #setCost(patch: Partial<Priced>): void {
    this.#cost = { ...this.#priced(), ...patch };
  }

  get cost(): CallRecord['cost'] {
    return this.#priced().cost;
  }

  set cost(v: CallRecord['cost']) {
    this.#setCost({ cost: v });
  }

  get cost_usd(): number | null {
    return this.#priced().cost_usd;
  }

  set cost_usd(v: number | null) {
    this.#setCost({ cost_usd: v });
  }

  get unpriced(): boolean {
    return this.#priced().unpriced;
  }

  set unpriced(v: boolean) {
    this.#setCost({ unpriced: v });
  }

  get long_context_pricing(): boolean {
    return this.#priced().long_context_pricing;
  }

  set long_context_pricing(v: boolean) {
    this.#setCost({ long_context_pricing: v });
  }

  /** @internal An attempt's response headers. */
  headersSeen(h: Headers): void {
    const hs = this.#headers;
    if (hs === null) this.#headers = h;
    else if (Array.isArray(hs)) hs.push(h);
    else this.#headers = [hs, h];
    this.#rateLimit = undefined;
  }

  /** @internal The answer text, hashed when `output_sha256` is first read. */
  answered(text: string): void {
    this.#answer = text;
    this.#outputHash = undefined;
  }

  get rate_limit(): RateLimitHeadroom | null {
    if (this.#rateLimit === undefined) {
      this.#rateLimit = null;
      const hs = this.#headers === null ? [] : Array.isArray(this.#headers) ? this.#headers : [this.#headers];
      for (let i = hs.length - 1; i >= 0; i--) {
        const h = parseRateLimit(hs[i]!);
        if (h) {
          this.#rateLimit = h;
          break;
        }
      }
    }
    return this.#rateLimit;
  }

  set rate_limit(v: RateLimitHeadroom | null) {
    this.#rateLimit = v;
  }

  get output_sha256(): string | null {
    if (this.#outputHash === undefined) this.#outputHash = this.#answer === null ? null : sha256(this.#answer);
    return this.#outputHash;
  }

  set output_sha256(v: string | null) {
    this.#outputHash = v;
  }

  toJSON(): CallRecord {
    // The id first, as in the CallRecord type; then the own fields; then the derived ones.
    return Object.assign({ call_id: this.call_id }, this, {
      prompt_sha256: this.prompt_sha256,
      cost: this.cost,
      cost_usd: this.cost_usd,
      unpriced: this.unpriced,
      long_context_pricing: this.long_context_pricing,
      rate_limit: this.rate_limit,
      output_sha256: this.output_sha256,
    });
  }
}

export async function executeCall(deps: CallDeps, params: CallParams, opts: CallOptions = {}): Promise<CallResult> {
  const { clock, breaker } = deps;
  const model = params.model;
  const stream = params.stream === true;
  const promptJson = JSON.stringify(params.system === undefined ? params.messages : { system: params.system, messages: params.messages });
  const started = clock.now();
  const record = new LiveRecord(++callSeq, model, stream, started, breaker ? breaker.state(model) : 'closed', promptJson);
  const scope = deps.observer.start(params, record, opts.conversationId === undefined ? opts.attributes : { ...opts.attributes, [ATTR.conversationId]: opts.conversationId });
  const deadlineMs = opts.deadlineMs ?? deps.deadlineMs;
  const watchdog = new CallWatchdog(clock, started + deadlineMs, deadlineMs);
  const attemptCtx = {
    sdk: deps.sdk,
    params,
    stream,
    clock,
    callerSignal: opts.signal,
    watchdog,
    attemptTimeoutMs: deps.attemptTimeoutMs,
    idleTimeoutMs: deps.idleTimeoutMs,
    onText: opts.onText,
    otelContext: scope.context(),
    chunkGaps: deps.chunkTiming === true && stream,
  };
  let message: Message | undefined;
  let chunkGaps: number[] | null = null;
  let failure: Classified | undefined;
  let cause: unknown;
  let aborted = false;
  /** Usage of attempts that broke mid-stream: billed, so counted in the call's cost. */
  let partial: Usage | undefined;
  try {
    const guard = deps.contextGuard.mode;
    if (guard === 'count_tokens') record.context = await countAndAssess(deps, params, watchdog, scope, opts.signal);
    else if (guard !== 'off') record.context = assessInput(deps, params, null, 'estimate');
    for (let n = 1; ; n++) {
      if (breaker && !breaker.tryAcquire(model)) {
        // Refused by the open breaker: the call counts as the fault that opened it (or, when its
        // own attempts already failed, as what it saw), never as the breaker. `circuit_open` says
        // it was refused.
        record.circuit_open = true;
        const by = breaker.openedBy(model) ?? 'overloaded';
        const err = new ClientFault(by, `circuit open for ${model} after ${by} failures in a row; calls fail fast until it half-opens`);
        if (!failure) failure = classifyError(err, clock.now());
        else failure = { ...failure, message: `${failure.message}; then ${err.message}` };
        cause ??= err;
        break;
      }
      const att = newAttempt(n, clock.now());
      record.attempts.push(att);
      const out = await runAttempt(attemptCtx, att);
      att.duration_ms = clock.now() - att.started_at;
      if (out.error && out.partialUsage) {
        partial = partial ? addUsage(partial, out.partialUsage) : out.partialUsage;
        record.partial_attempts_billed++;
      }
      // Rate-limit headroom is parsed only when read (metrics, logs, the caller): 12 header reads.
      const headers = out.headers;
      if (headers) record.headersSeen(headers);
      if (att.request_id) record.request_id = att.request_id;
      if (!out.error && out.message) {
        breaker?.onSuccess(model);
        message = out.message;
        chunkGaps = out.chunkGaps ?? null;
        if (att.ttft_ms !== null) record.ttft_ms = att.started_at + att.ttft_ms - started;
        scope.endAttempt(att, headers, record);
        break;
      }
      if (opts.signal?.aborted && out.abortReason === opts.signal.reason) {
        breaker?.release(model);
        aborted = true;
        cause = opts.signal.reason;
        scope.endAttempt(att, headers, record);
        break;
      }
      const c = classifyError(out.error, clock.now(), out.abortReason);
      att.error_kind = c.kind;
      att.error_type = c.provider_type;
      att.error_message = c.message; // scrubbed by classifyError
      att.status ??= c.status;
      att.request_id ??= c.request_id;
      att.retry_after_ms = c.retry_after_ms;
      if (att.request_id) record.request_id = att.request_id;
      breaker?.onFailure(model, c.kind);
      failure = c;
      cause = out.error;
      const midStream = stream && att.status === 200;
      const decision: RetryDecision =
        midStream && deps.streamRetry === 'never'
          ? { retry: false, reason: 'stream_policy' }
          : deps.decide({ failure: c, retriesDone: n - 1, remainingMs: started + deadlineMs - clock.now(), textDelivered: att.text_delivered }, deps.retry, deps.random);
      if (!decision.retry) {
        att.stop_reason = decision.reason;
        scope.endAttempt(att, headers, record);
        break;
      }
      const refused = opts.beforeRetry ? opts.beforeRetry(n + 1) : null;
      if (refused !== null) {
        att.stop_reason = 'budget';
        failure = { ...c, message: `${c.message}; not retried: ${refused}` };
        scope.endAttempt(att, headers, record);
        break;
      }
      att.wait_ms = decision.wait_ms;
      att.wait_source = decision.source;
      scope.endAttempt(att, headers, record);
      try {
        // The wait is shorter than the time left (decideRetry), so only the caller can cut it.
        await clock.sleep(decision.wait_ms, opts.signal);
      } catch (reason) {
        breaker?.release(model);
        aborted = true;
        cause = reason;
        break;
      }
    }
  } catch (err) {
    if (opts.signal?.aborted) aborted = true;
    else failure = classifyError(err, clock.now());
    cause = err;
    const check = (err as { check?: ContextCheck }).check;
    if (check) record.context = check;
  } finally {
    watchdog.stop();
  }

  record.finished_at = clock.now();
  record.latency_ms = record.finished_at - started;
  let text: string | null = null;
  if (message) {
    text = messageText(message);
    record.outcome = 'ok';
    record.response_model = message.model ?? null;
    record.response_id = message.id ?? null;
    record.stop_reason = message.stop_reason ?? null;
    const final = normaliseUsage(message.usage);
    record.usage = partial ? addUsage(final, partial) : final;
    record.answered(text);
  } else if (aborted) {
    record.outcome = 'aborted';
    record.usage = partial ?? null;
  } else {
    record.error_kind = failure?.kind ?? 'connection';
    record.error_message = failure?.message ?? 'unknown failure';
    record.usage = partial ?? null;
  }
  if (record.usage) record.priceWith(deps.priceOverrides ? { atMs: started, catalog: deps.catalog, overrides: deps.priceOverrides } : { atMs: started, catalog: deps.catalog });
  scope.end(record, text, deps.captureContent ? promptJson : null, message ? { message, chunkGaps } : undefined);
  if (message && text !== null) return { message, record, text };
  if (aborted) throw cause;
  throw new ClaudeCallError(record.error_kind!, `Claude call failed (${record.error_kind}): ${record.error_message}`, record, { cause });
}
