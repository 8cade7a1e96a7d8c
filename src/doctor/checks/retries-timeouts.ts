/** `retries_timeouts`: the client's retries and timeouts, and each probe's timeout, are within sane bounds. */
import type { CheckResult, DoctorContext } from '../types.ts';

/** The bounds judged, in one place. */
export const SANE_BOUNDS = {
  /** Fewer gives up on the first 529; more multiplies load during an outage. */
  maxRetries: { min: 1, max: 5 },
  /** One attempt: long enough for a long answer, short enough to notice a hang. */
  attemptTimeoutMs: { min: 5_000, max: 600_000 },
  /** A server `retry-after` longer than this is not slept through. */
  maxRetryAfterMs: { max: 300_000 },
  /** A probe's own bound on one run. */
  probeTimeoutMs: { min: 1_000, max: 600_000 },
  /** A stream with no event for this long is a stall. */
  streamIdleTimeoutMs: { min: 1_000, max: 120_000 },
} as const;

export function checkRetriesTimeouts(ctx: DoctorContext): CheckResult {
  const c = ctx.client;
  const b = SANE_BOUNDS;
  const problems: string[] = [];
  const within = (name: string, v: number, min: number, max: number, unit = '') => {
    if (v < min || v > max) problems.push(`${name} ${v}${unit} (sane: ${min}-${max}${unit})`);
  };
  within('maxRetries', c.maxRetries, b.maxRetries.min, b.maxRetries.max);
  within('attemptTimeoutMs', c.attemptTimeoutMs, b.attemptTimeoutMs.min, b.attemptTimeoutMs.max, ' ms');
  within('streamIdleTimeoutMs', c.streamIdleTimeoutMs, b.streamIdleTimeoutMs.min, b.streamIdleTimeoutMs.max, ' ms');
  if (c.maxRetryAfterMs > b.maxRetryAfterMs.max) problems.push(`maxRetryAfterMs ${c.maxRetryAfterMs} ms (sane: at most ${b.maxRetryAfterMs.max} ms)`);
  if (c.deadlineMs < c.attemptTimeoutMs) problems.push(`deadlineMs ${c.deadlineMs} ms is shorter than one attempt (${c.attemptTimeoutMs} ms)`);
  for (const p of ctx.probes) within(`probe ${p.id} timeout_ms`, p.timeout_ms, b.probeTimeoutMs.min, b.probeTimeoutMs.max, ' ms');
  const checked = 'client retries and timeouts, and each probe timeout_ms, are within sane bounds';
  const shown = `maxRetries ${c.maxRetries}, attempt ${c.attemptTimeoutMs} ms, deadline ${c.deadlineMs} ms, stream idle ${c.streamIdleTimeoutMs} ms, retry-after cap ${c.maxRetryAfterMs} ms; ${ctx.probes.length} probe timeouts checked`;
  if (problems.length > 0) {
    return { id: 'retries_timeouts', status: 'fail', checked, detail: `out of bounds: ${problems.join('; ')}`, fix: 'set the probe timeout_ms (or the createClient retry/attemptTimeoutMs/deadlineMs options) within the bounds shown' };
  }
  return { id: 'retries_timeouts', status: 'pass', checked, detail: shown, fix: 'keep retries at 1-5 and timeouts bounded (see docs for the client options)' };
}
