/**
 * The k6 side of the load scripts: custom metrics and one function that sends a Messages call,
 * classifies the response with the plain lib modules and records everything. Entry scripts stay
 * a page long: options plus a default function calling `sendMessage`.
 */
import http from 'k6/http';
import { check } from 'k6';
import { Counter, Rate, Trend } from 'k6/metrics';
import { classifyResponse, type Outcome } from '../lib/checks.ts';
import { estimateCost, parseCatalogue, type CatalogueData } from '../lib/cost.ts';
import { FAULT_EXPECTATIONS, faultHeader, expectedKindShares, type FaultMixEntry } from '../lib/faults.ts';
import { messagesBody, requestHeaders, type Target } from '../lib/payloads.ts';
import { METRICS } from '../lib/slo.ts';
import { estimateTtftMs } from '../lib/sse.ts';

const inputTokens = new Counter(METRICS.inputTokens);
const outputTokens = new Counter(METRICS.outputTokens);
const costUsd = new Counter(METRICS.costUsd);
const costPerRequest = new Trend(METRICS.costPerRequestUsd);
const ttft = new Trend(METRICS.ttftMs, true);
const apiErrors = new Rate(METRICS.apiErrors);
const rateLimited = new Rate(METRICS.rateLimited);
const errorsByKind = new Counter(METRICS.errorsByKind);
const injected = new Counter(METRICS.injected);
const faultDetected = new Rate(METRICS.faultDetected);
const streamComplete = new Rate(METRICS.streamComplete);
const observedShare = new Rate(METRICS.observedShare);

/** Reads the catalogue text the entry script `open()`ed in its init context. */
export function loadCatalogue(text: string): CatalogueData {
  return parseCatalogue(text);
}

export interface SendOptions {
  target: Target;
  catalogue: CatalogueData;
  stream?: boolean;
  /** The fault entry for this request (soak); none when omitted. */
  fault?: FaultMixEntry;
  /** The whole mix, so each request can feed the observed-share rates. */
  mix?: readonly FaultMixEntry[];
  seed?: number;
  /** k6 request timeout. Default `30s`. */
  timeout?: string;
}

/** Sends one Messages call, records metrics and checks, and returns the outcome. */
export function sendMessage(opts: SendOptions): Outcome {
  const { target } = opts;
  const stream = opts.stream ?? false;
  const header = opts.fault ? faultHeader(opts.fault) : undefined;
  const faultTag = opts.fault?.fault ?? 'none';
  const body = messagesBody({ model: target.model, maxTokens: target.maxTokens, stream, seed: opts.seed ?? 0 });
  const res = http.post(`${target.baseUrl}${target.path}`, JSON.stringify(body), {
    headers: requestHeaders(target, header),
    timeout: opts.timeout ?? '30s',
    tags: { name: stream ? 'messages_stream' : 'messages', fault: faultTag },
    responseType: 'text',
  });
  const outcome = classifyResponse({ status: res.status, body: res.body as string | null, headers: res.headers, error_code: res.error_code }, stream);

  apiErrors.add(!outcome.ok);
  rateLimited.add(outcome.kind === 'rate_limited');
  if (outcome.kind) errorsByKind.add(1, { kind: outcome.kind });
  injected.add(1, { fault: faultTag });
  if (opts.fault && opts.fault.fault !== 'none') {
    faultDetected.add(outcome.kind === FAULT_EXPECTATIONS[opts.fault.fault].kind, { fault: faultTag });
  }
  if (opts.mix) {
    for (const kind of expectedKindShares(opts.mix).keys()) observedShare.add(outcome.kind === kind, { kind });
  }
  if (outcome.usage) {
    inputTokens.add(outcome.usage.input + outcome.usage.cacheCreation + outcome.usage.cacheRead);
    outputTokens.add(outcome.usage.output);
    const cost = estimateCost(opts.catalogue, outcome.model ?? target.model, outcome.usage, Date.now());
    if (!cost.unpriced) {
      costUsd.add(cost.usd);
      costPerRequest.add(cost.usd);
    }
  }
  if (stream && outcome.stream) {
    streamComplete.add(outcome.stream.complete);
    const t = estimateTtftMs(res.timings, outcome.stream);
    if (t !== null) ttft.add(t);
  }

  // Checks judge the API contract only where no fault was asked for; injected faults are judged above.
  if (!opts.fault || opts.fault.fault === 'none') {
    check(outcome, {
      'status is 200': (o) => o.status === 200,
      'response is a complete message': (o) => o.ok,
      'usage reports output tokens': (o) => (o.usage?.output ?? 0) > 0,
    });
  }
  return outcome;
}
