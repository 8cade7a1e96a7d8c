/**
 * Expectations of a user-code scenario: what each call of the user's code answered, and what it
 * sent upstream (from the journal). Each check is data; nothing here throws on a wrong behaviour.
 */
import type { CheckVerdict } from '../types.ts';
import type { UpstreamEntry } from './journal.ts';
import { RETRY_LATENESS_WALL_MS, type UpstreamExpect, type UserCallExpect, type UserScenario } from './schema.ts';

/** What one call of the user's code came back with. */
export interface UserCallOutcome {
  index: number;
  /** Simulated ms since the scenario started. */
  at_ms: number;
  /** Simulated ms (wall ms / time_scale). */
  latency_ms: number;
  ok: boolean;
  /** HTTP status (process targets), else null. */
  status: number | null;
  /** Response body, or the returned value as JSON. */
  body: string;
  /** The body parsed as JSON, when it is JSON. */
  json: unknown;
  /** The thrown error (in-process) or the request failure (process). */
  error: string | null;
}

type Bounds = { min?: number | undefined; max?: number | undefined };
const inBounds = (v: number, b: Bounds) => (b.min === undefined || v >= b.min) && (b.max === undefined || v <= b.max);
const boundsText = (b: Bounds) => (b.min !== undefined && b.max !== undefined ? `${b.min}..${b.max}` : b.min !== undefined ? `>= ${b.min}` : `<= ${b.max}`);
const show = (v: unknown) => (v === undefined ? 'absent' : typeof v === 'string' ? JSON.stringify(v) : JSON.stringify(v));
const sec = (ms: number) => `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;

/** `a.b.0.c` into an object; undefined when any step is missing. */
export function pick(value: unknown, path: string): unknown {
  let cur: unknown = value;
  for (const k of path.split('.')) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[k];
  }
  return cur;
}

const sameJson = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** Simulated ms between the end of the previous answer and this request, per request after the first. */
export function gaps(entries: readonly UpstreamEntry[]): Array<{ after: UpstreamEntry; next: UpstreamEntry; gap_ms: number }> {
  return entries.slice(1).map((next, i) => {
    const after = entries[i]!;
    return { after, next, gap_ms: next.at_ms - (after.at_ms + after.duration_ms) };
  });
}

export function upstreamChecks(entries: readonly UpstreamEntry[], e: UpstreamExpect, label: string, scale: number): CheckVerdict[] {
  const out: CheckVerdict[] = [];
  const push = (name: string, pass: boolean, expected: string, actual: string) => out.push({ name: `${label} upstream ${name}`, pass, expected, actual });
  if (e.requests !== undefined) {
    const b = typeof e.requests === 'number' ? { min: e.requests, max: e.requests } : e.requests;
    push('requests', inBounds(entries.length, b), typeof e.requests === 'number' ? String(e.requests) : boundsText(b), String(entries.length));
  }
  if (e.models) {
    const got = entries.map((x) => x.model ?? '?');
    push('models in order', sameJson(got, e.models), e.models.join(' -> '), got.join(' -> ') || 'no requests');
  }
  const g = gaps(entries);
  if (e.retry_after_honoured) {
    const hinted = g.filter((x) => x.after.retry_after_ms !== null);
    // A retry cannot come sooner than its hint (1 wall ms of rounding aside), nor much later.
    const bad = hinted.filter((x) => {
      const hint = x.after.retry_after_ms!;
      const slack = e.retry_after_slack_ms ?? Math.max(hint * 0.25, RETRY_LATENESS_WALL_MS / scale);
      return x.gap_ms < hint - 1 / scale || x.gap_ms > hint + slack;
    });
    push(
      'retry-after honoured',
      hinted.length > 0 && bad.length === 0,
      'each retry waits its retry-after (simulated)',
      hinted.length === 0 ? 'no request followed a retry-after' : hinted.map((x) => `waited ${sec(x.gap_ms)} for retry-after ${sec(x.after.retry_after_ms!)}`).join('; '),
    );
  }
  if (e.backoff_ms) {
    const unhinted = g.filter((x) => x.after.retry_after_ms === null);
    const bad = unhinted.filter((x) => !inBounds(x.gap_ms, e.backoff_ms!));
    push('backoff within bounds', unhinted.length > 0 && bad.length === 0, `each gap without retry-after in ${boundsText(e.backoff_ms)} ms`, unhinted.length === 0 ? 'no retry without a hint' : unhinted.map((x) => `${Math.round(x.gap_ms)} ms`).join(', '));
  }
  if (e.no_retry_on) {
    const bad = g.filter((x) => x.after.status !== null && e.no_retry_on!.includes(x.after.status));
    push(`no retry after ${e.no_retry_on.join('/')}`, bad.length === 0, 'no request after such a response', bad.length ? bad.map((x) => `request ${x.next.seq} followed a ${x.after.status}`).join('; ') : 'none');
  }
  if (e.no_request_after_text) {
    const bad = g.filter((x) => x.after.failed_after_text);
    push('no request after streamed text', bad.length === 0, 'no request after a stream that failed once text was sent', bad.length ? bad.map((x) => `request ${x.next.seq} after ${x.after.fault} with text`).join('; ') : 'none');
  }
  for (const [path, want] of Object.entries(e.body ?? {})) {
    const bad = entries.filter((x) => !sameJson(pick(x.body, path), want));
    push(`body ${path}`, entries.length > 0 && bad.length === 0, `every request has ${show(want)}`, entries.length === 0 ? 'no requests' : bad.length ? bad.map((x) => `request ${x.seq}: ${show(pick(x.body, path))}`).join('; ') : `${entries.length} requests`);
  }
  for (const [name, want] of Object.entries(e.headers ?? {})) {
    const got = (x: UpstreamEntry) => x.headers[name.toLowerCase()] ?? null;
    const bad = entries.filter((x) => got(x) !== want);
    push(`header ${name.toLowerCase()}`, entries.length > 0 && bad.length === 0, want === null ? 'absent from every request' : `every request has ${show(want)}`, entries.length === 0 ? 'no requests' : bad.length ? bad.map((x) => `request ${x.seq}: ${show(got(x) ?? undefined)}`).join('; ') : `${entries.length} requests`);
  }
  return out;
}

function callChecks(c: UserCallOutcome, e: UserCallExpect, entries: readonly UpstreamEntry[], scale: number): CheckVerdict[] {
  const label = `call ${c.index}`;
  const out: CheckVerdict[] = [];
  const push = (name: string, pass: boolean, expected: string, actual: string) => out.push({ name: `${label} ${name}`, pass, expected, actual });
  if (e.ok !== undefined) push('ok', c.ok === e.ok, e.ok ? 'succeeds' : 'fails', c.ok ? 'succeeded' : `failed: ${c.error ?? `status ${c.status}`}`);
  if (e.status !== undefined) push('status', c.status === e.status, String(e.status), String(c.status ?? c.error));
  if (e.body_contains !== undefined) push('body contains', c.body.includes(e.body_contains), show(e.body_contains), c.body.slice(0, 300) || 'empty');
  for (const [path, want] of Object.entries(e.json ?? {})) push(`json ${path}`, sameJson(pick(c.json, path), want), show(want), show(pick(c.json, path)));
  if (e.error_contains !== undefined) push('error contains', (c.error ?? '').includes(e.error_contains), show(e.error_contains), c.error ?? 'no error');
  if (e.latency_ms) push('latency_ms', inBounds(c.latency_ms, e.latency_ms), `${boundsText(e.latency_ms)} (simulated)`, `${Math.round(c.latency_ms)}`);
  if (e.upstream) out.push(...upstreamChecks(entries, e.upstream, label, scale));
  return out;
}

export function checkUserScenario(s: UserScenario, calls: readonly UserCallOutcome[], journal: readonly UpstreamEntry[], extra: CheckVerdict[] = []): CheckVerdict[] {
  const out: CheckVerdict[] = [];
  const of = (i: number) => journal.filter((x) => x.call === i);
  if (s.expect.every_call) for (const c of calls) out.push(...callChecks(c, s.expect.every_call, of(c.index), s.time_scale));
  for (const ce of s.expect.calls ?? []) {
    const c = calls[ce.index];
    if (!c) out.push({ name: `call ${ce.index}`, pass: false, expected: 'exists', actual: `only ${calls.length} calls` });
    else out.push(...callChecks(c, ce, of(ce.index), s.time_scale));
  }
  const want = s.expect.api_requests;
  if (want !== undefined) {
    const n = journal.filter((x) => x.path === '/v1/messages').length;
    const b = typeof want === 'number' ? { min: want, max: want } : want;
    out.push({ name: 'requests that reached the API', pass: inBounds(n, b), expected: typeof want === 'number' ? String(want) : boundsText(b), actual: String(n) });
  }
  return [...out, ...extra];
}
