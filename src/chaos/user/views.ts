/** The journal and the calls of a user-code scenario as the report and JUnit read them. (Internal.) */
import type { CallView, UpstreamView } from '../types.ts';
import type { UserCallOutcome } from './checks.ts';
import type { UpstreamEntry } from './journal.ts';

export function toUpstreamViews(entries: readonly UpstreamEntry[]): UpstreamView[] {
  /** The previous request of each call, as the entries are walked in order. */
  const lastOfCall = new Map<number, UpstreamEntry>();
  return entries.map((e) => {
    const prev = e.call === null ? undefined : lastOfCall.get(e.call);
    if (e.call !== null) lastOfCall.set(e.call, e);
    const mt = e.body?.['max_tokens'];
    const { body: _body, headers: _headers, response: _response, failed_after_text: _failed, ...rest } = e;
    return { ...rest, gap_ms: prev ? e.at_ms - (prev.at_ms + prev.duration_ms) : null, max_tokens: typeof mt === 'number' ? mt : null };
  });
}

/** Each call of the user's code, its upstream requests as its attempts (so the timeline shows the journal). */
export function toCallViews(calls: readonly UserCallOutcome[], entries: readonly UpstreamEntry[], label: string): CallView[] {
  return calls.map((c) => {
    const mine = entries.filter((e) => e.call === c.index);
    const models = [...new Set(mine.map((e) => e.model ?? '?'))];
    return {
      index: c.index,
      probe_id: label,
      model: models.join(' -> ') || 'no request',
      at_ms: c.at_ms,
      latency_ms: c.latency_ms,
      outcome: c.ok ? 'pass' : 'error',
      error_kind: c.ok ? null : c.status !== null ? `HTTP ${c.status}` : 'threw',
      flags: [],
      attempts: mine.map((e, i) => {
        const next = mine[i + 1];
        return {
          n: i + 1,
          at_ms: e.at_ms,
          duration_ms: e.duration_ms,
          status: e.status,
          error_kind: e.fault,
          retry_after_ms: e.retry_after_ms,
          wait_ms: next ? next.at_ms - (e.at_ms + e.duration_ms) : null,
          wait_source: next ? (e.retry_after_ms !== null ? 'retry_after' : 'backoff') : null,
        };
      }),
    };
  });
}
