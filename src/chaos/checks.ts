/**
 * Expectations of a scenario, checked against what the production parts produced. Each check is
 * data (`{name, pass, expected, actual}`); nothing here throws on a wrong behaviour.
 */
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import type { Notification } from '../alerts/notification.ts';
import { backoffCeilingMs, DEFAULT_RETRY } from '../client/retry-policy.ts';
import type { ProbeRun } from '../probes/runner.ts';
import type { MetricPoint } from '../telemetry/in-memory.ts';
import type { Bounds, CallExpectation, Scenario } from './schema.ts';
import type { AlertEventView, CallView, CheckVerdict } from './types.ts';

export interface Observed {
  scenario: Scenario;
  runs: ProbeRun[];
  calls: CallView[];
  alerts: AlertEventView[];
  notifications: Notification[];
  spans: ReadableSpan[];
  points: MetricPoint[];
  logLines: string[];
  apiRequests: number;
  virtualMs: number;
  /** Streams with `deliver_text`: everything the consumer received, per call. */
  deliveredText: string[];
  /** Strings that must appear nowhere in logs, spans or metrics. */
  sentinels: string[];
}

/** Callers pass only defined values: each expectation is checked only when set, and call views have no undefined field. */
const show = (v: unknown): string => (typeof v === 'string' ? v : JSON.stringify(v));

function inBounds(v: number, b: Bounds): boolean {
  return (b.min === undefined || v >= b.min) && (b.max === undefined || v <= b.max);
}

function boundsText(b: Bounds): string {
  return b.min !== undefined && b.max !== undefined ? `${b.min}..${b.max}` : b.min !== undefined ? `>= ${b.min}` : `<= ${b.max}`;
}

function callChecks(c: CallView, e: CallExpectation, label: string): CheckVerdict[] {
  const out: CheckVerdict[] = [];
  const eq = (name: string, expected: unknown, actual: unknown) =>
    out.push({ name: `${label} ${name}`, pass: JSON.stringify(expected) === JSON.stringify(actual), expected: show(expected), actual: show(actual) });
  if (e.outcome !== undefined) eq('outcome', e.outcome, c.outcome);
  if (e.error_kind !== undefined) eq('error_kind', e.error_kind, c.error_kind);
  if (e.attempts !== undefined) eq('attempts', e.attempts, c.attempts.length);
  if (e.max_attempts !== undefined) {
    out.push({ name: `${label} attempts`, pass: c.attempts.length <= e.max_attempts, expected: `<= ${e.max_attempts}`, actual: String(c.attempts.length) });
  }
  if (e.flags) {
    const missing = e.flags.filter((f) => !c.flags.includes(f));
    out.push({ name: `${label} flags`, pass: missing.length === 0, expected: `includes ${e.flags.join(', ')}`, actual: c.flags.join(', ') || 'none' });
  }
  if (e.no_flags) out.push({ name: `${label} no flags`, pass: c.flags.length === 0, expected: 'none', actual: c.flags.join(', ') || 'none' });
  if (e.wait_sources) eq('wait sources', e.wait_sources, c.attempts.filter((a) => a.wait_ms !== null).map((a) => a.wait_source));
  if (e.latency_ms) out.push({ name: `${label} latency_ms`, pass: c.latency_ms !== null && inBounds(c.latency_ms, e.latency_ms), expected: boundsText(e.latency_ms), actual: show(c.latency_ms) });
  return out;
}

function firstAt(alerts: AlertEventView[], rule: string, state: AlertEventView['state']): number | null {
  return alerts.find((a) => a.rule === rule && a.state === state)?.at_ms ?? null;
}

export function checkScenario(o: Observed): CheckVerdict[] {
  const e = o.scenario.expect;
  const out: CheckVerdict[] = [];
  const retry = { ...DEFAULT_RETRY, ...o.scenario.client.retry };

  if (e.every_call) o.calls.forEach((c) => out.push(...callChecks(c, e.every_call!, `call ${c.index}`)));
  for (const ce of e.calls ?? []) {
    const c = o.calls[ce.index];
    if (!c) out.push({ name: `call ${ce.index}`, pass: false, expected: 'exists', actual: `only ${o.calls.length} calls` });
    else out.push(...callChecks(c, ce, `call ${ce.index}`));
  }
  const counts = (label: string, got: (k: string) => number, want: Record<string, number | Bounds | undefined>) => {
    for (const [k, v] of Object.entries(want)) {
      // Stryker disable next-line ConditionalExpression: the schema rejects an undefined count; the guard only narrows the type
      if (v === undefined) continue;
      const n = got(k);
      const b = typeof v === 'number' ? { min: v, max: v } : v;
      out.push({ name: `${label} ${k} count`, pass: inBounds(n, b), expected: typeof v === 'number' ? String(v) : boundsText(v), actual: String(n) });
    }
  };
  if (e.outcomes) counts('outcome', (k) => o.calls.filter((c) => c.outcome === k).length, e.outcomes);
  if (e.error_kinds) counts('error_kind', (k) => o.calls.filter((c) => c.error_kind === k).length, e.error_kinds);
  const attempts = o.calls.flatMap((c) => c.attempts);
  const waits = attempts.map((a) => a.wait_ms ?? 0);
  if (e.waits?.retry_after_honoured) {
    const hinted = attempts.filter((a) => a.retry_after_ms !== null && a.wait_ms !== null);
    const bad = hinted.filter((a) => a.wait_ms !== a.retry_after_ms);
    out.push({
      name: 'waits honour retry-after',
      pass: hinted.length > 0 && bad.length === 0,
      expected: 'every wait after a retry-after equals it',
      actual: hinted.length === 0 ? 'no wait followed a retry-after' : bad.length === 0 ? `${hinted.length} waits equal their retry-after` : bad.map((a) => `waited ${a.wait_ms} ms for retry-after ${a.retry_after_ms} ms`).join('; '),
    });
  }
  if (e.waits?.backoff_within_bounds) {
    const backoffs = o.calls.flatMap((c) => {
      let n = 0;
      return c.attempts.filter((a) => a.wait_ms !== null).map((a) => ({ a, n: n++ }));
    }).filter((x) => x.a.wait_source === 'backoff');
    const bad = backoffs.filter(({ a, n }) => a.wait_ms! < 0 || a.wait_ms! > backoffCeilingMs(n, retry));
    out.push({
      name: 'backoff waits within full-jitter bounds',
      pass: backoffs.length > 0 && bad.length === 0,
      expected: `retry n waits in [0, min(${retry.maxDelayMs}, ${retry.baseDelayMs} x 2^n)] ms`,
      actual: backoffs.length === 0 ? 'no backoff waits' : bad.length === 0 ? `${backoffs.length} waits in bounds` : bad.map(({ a, n }) => `retry ${n} waited ${a.wait_ms} ms > ${backoffCeilingMs(n, retry)}`).join('; '),
    });
  }
  if (e.waits?.max_wait_ms !== undefined) {
    const max = Math.max(0, ...waits);
    out.push({ name: 'longest wait', pass: max <= e.waits.max_wait_ms, expected: `<= ${e.waits.max_wait_ms} ms`, actual: `${max} ms` });
  }
  if (e.waits?.total_ms) {
    const total = waits.reduce((s, w) => s + w, 0);
    out.push({ name: 'total wait', pass: inBounds(total, e.waits.total_ms), expected: boundsText(e.waits.total_ms), actual: `${total} ms` });
  }
  for (const [flag, b] of Object.entries(e.flags ?? {})) {
    const n = o.calls.filter((c) => c.flags.includes(flag as never)).length;
    out.push({ name: `results flagged ${flag}`, pass: inBounds(n, b!), expected: boundsText(b!), actual: String(n) });
  }
  for (const a of e.alerts?.fire ?? []) {
    const at = firstAt(o.alerts, a.rule, 'firing');
    const ok = at !== null && (a.within_ms === undefined || at <= a.within_ms) && (a.not_before_ms === undefined || at >= a.not_before_ms);
    const window = [a.not_before_ms !== undefined ? `not before ${a.not_before_ms / 1000}s` : '', a.within_ms !== undefined ? `within ${a.within_ms / 1000}s` : ''].filter(Boolean).join(', ');
    out.push({ name: `alert ${a.rule} fires`, pass: ok, expected: `fires${window ? ` ${window}` : ''}`, actual: at === null ? 'never fired' : `fired at ${at / 1000}s` });
    const sent = o.notifications.filter((n) => n.rule_id === a.rule && n.status === 'firing').length;
    const episodes = o.alerts.filter((x) => x.rule === a.rule && x.state === 'firing').length;
    out.push({ name: `alert ${a.rule} notified once per firing`, pass: sent === episodes && sent > 0, expected: `${episodes} firing notification(s)`, actual: `${sent}` });
  }
  for (const a of e.alerts?.resolve ?? []) {
    const at = firstAt(o.alerts, a.rule, 'resolved');
    const ok = at !== null && (a.within_ms === undefined || at <= a.within_ms) && (a.not_before_ms === undefined || at >= a.not_before_ms);
    out.push({ name: `alert ${a.rule} resolves`, pass: ok, expected: a.within_ms !== undefined ? `resolves within ${a.within_ms / 1000}s` : 'resolves', actual: at === null ? 'never resolved' : `resolved at ${at / 1000}s` });
  }
  const nf = e.alerts?.not_fire;
  if (nf !== undefined) {
    const fired = [...new Set(o.alerts.filter((a) => a.state === 'firing').map((a) => a.rule))];
    const bad = nf === 'any' ? fired : fired.filter((r) => nf.includes(r));
    out.push({ name: nf === 'any' ? 'no alert fires' : `alerts ${nf.join(', ')} stay quiet`, pass: bad.length === 0, expected: 'none firing', actual: bad.length ? `fired: ${bad.join(', ')}` : 'none' });
  }
  if (e.telemetry) {
    const callSpans = o.spans.filter((s) => s.name.startsWith('chat '));
    // Children of a call span, less the count_tokens spans of the context guard.
    const attemptSpans = o.spans.filter(
      (s) => s.attributes['gen_ai.operation.name'] !== 'count_tokens' && callSpans.some((c) => c.spanContext().spanId === s.parentSpanContext?.spanId),
    );
    if (e.telemetry.attempt_spans !== undefined) {
      out.push({ name: 'attempt spans', pass: attemptSpans.length === e.telemetry.attempt_spans, expected: String(e.telemetry.attempt_spans), actual: String(attemptSpans.length) });
    }
    const types = new Set(callSpans.map((s) => s.attributes['error.type']).filter((v) => v !== undefined).map(String));
    for (const t of e.telemetry.call_error_types ?? []) out.push({ name: `call span error.type ${t}`, pass: types.has(t), expected: t, actual: [...types].join(', ') || 'none' });
    for (const m of e.telemetry.metrics ?? []) {
      const n = o.points.filter((p) => p.name === m).length;
      out.push({ name: `metric ${m} recorded`, pass: n > 0, expected: 'points', actual: `${n} points` });
    }
  }
  if (e.logs) {
    const parsed = o.logLines.map((l) => JSON.parse(l) as { event?: string });
    if (e.logs.retry_lines) {
      const n = parsed.filter((l) => l.event === 'retry').length;
      out.push({ name: 'retry log lines', pass: inBounds(n, e.logs.retry_lines), expected: boundsText(e.logs.retry_lines), actual: String(n) });
    }
    if (e.logs.call_lines) {
      const n = parsed.filter((l) => l.event === 'call').length;
      out.push({ name: 'call log lines', pass: inBounds(n, e.logs.call_lines), expected: boundsText(e.logs.call_lines), actual: String(n) });
    }
  }
  if (e.cost_usd) {
    const total = o.calls.reduce((s, _c, i) => s + (o.runs[i]?.result.cost_usd ?? 0), 0);
    out.push({ name: 'spend', pass: inBounds(total, e.cost_usd), expected: `$ ${boundsText(e.cost_usd)}`, actual: `$${total.toFixed(6)}` });
  }
  if (e.api_requests) out.push({ name: 'requests that reached the API', pass: inBounds(o.apiRequests, e.api_requests), expected: boundsText(e.api_requests), actual: String(o.apiRequests) });
  if (e.virtual_ms) out.push({ name: 'virtual duration', pass: inBounds(o.virtualMs, e.virtual_ms), expected: `${boundsText(e.virtual_ms)} ms`, actual: `${o.virtualMs} ms` });

  // Invariants every scenario holds, whatever it expects.
  const maxAttempts = retry.maxRetries + 1;
  const over = o.calls.filter((c) => c.attempts.length > maxAttempts);
  out.push({ name: 'no call exceeds its attempt budget', pass: over.length === 0, expected: `<= ${maxAttempts} attempts`, actual: over.length ? over.map((c) => `call ${c.index}: ${c.attempts.length}`).join(', ') : 'ok' });
  const twice = o.calls.filter((_c, i) => {
    // Stryker disable next-line ArrayDeclaration: any list without a delivering attempt reads the same as none
    const at = o.runs[i]?.record?.attempts ?? [];
    const k = at.findIndex((a) => a.text_delivered);
    return k >= 0 && k < at.length - 1;
  });
  // What a streaming consumer received must be a prefix of (or equal to) one answer, never a repeat.
  const dup = o.calls.filter((_c, i) => {
    const got = o.deliveredText[i] ?? '';
    const final = o.runs[i]?.text ?? '';
    return got.length > 0 && (final ? got !== final : false);
  });
  if (o.scenario.workload.deliver_text) {
    out.push({ name: 'consumer received each answer exactly once', pass: dup.length === 0, expected: 'delivered text equals the final answer', actual: dup.length ? `calls ${dup.map((c) => c.index).join(', ')} received text twice or mixed` : 'ok' });
  }
  out.push({ name: 'text is never delivered twice', pass: twice.length === 0, expected: 'no retry after text reached the caller', actual: twice.length ? `calls ${twice.map((c) => c.index).join(', ')} retried after text` : 'ok' });
  const haystack = [...o.logLines, ...o.spans.map((s) => JSON.stringify(s.attributes)), ...o.points.map((p) => JSON.stringify(p.attributes))].join('\n');
  const leaked = o.sentinels.filter((s) => haystack.includes(s));
  out.push({ name: 'no secret in logs, spans or metrics', pass: leaked.length === 0, expected: 'absent', actual: leaked.length ? 'LEAKED' : 'absent' });
  return out;
}
