/**
 * The JSON log lines of a call and of its retries, built only when their level is on, and the
 * fail-open guard every telemetry step runs in.
 */
import type { Logger } from '../log/logger.ts';
import { roundUsd } from '../shared/money.ts';
import type { ObserverDeps } from './observer.ts';
import type { AttemptRecord, CallRecord } from './types.ts';

/** Whether `level` is on; a logger without isLevelEnabled (or one that throws) counts as on. */
export function levelOn(logger: Logger, level: 'info' | 'warn'): boolean {
  try {
    return typeof logger.isLevelEnabled !== 'function' || logger.isLevelEnabled(level);
  } catch {
    return true;
  }
}

let warned = false;

/** Runs `fn`, failing open: what it throws is swallowed (see {@link failedOpen}). */
export function safe(logger: Logger, fn: () => void): void {
  try {
    fn();
  } catch (err) {
    failedOpen(logger, err);
  }
}

/** A telemetry step threw: warned about once per process through `logger`, then ignored. */
export function failedOpen(logger: Logger, err: unknown): void {
  if (warned) return;
  warned = true;
  try {
    logger.warn({ err }, 'telemetry error ignored (fails open)');
  } catch {
    /* the logger itself is broken: nothing left to tell */
  }
}

/** The log line of a retry (warn), built only when warn is on. */
export function logRetry(logger: Logger, record: CallRecord, a: AttemptRecord): void {
  if (!levelOn(logger, 'warn')) return;
  safe(logger, () =>
    logger.warn(
      {
        event: 'retry',
        call_id: record.call_id,
        model: record.model,
        attempt: a.n,
        error_kind: a.error_kind,
        status: a.status,
        request_id: a.request_id,
        retry_after_ms: a.retry_after_ms,
        wait_ms: a.wait_ms,
        wait_source: a.wait_source,
        duration_ms: a.duration_ms,
      },
      'claude call retry',
    ),
  );
}

/** The log line of a call (info when ok, warn otherwise), built only when its level is on. */
export function logCall(deps: Pick<ObserverDeps, 'logger' | 'server' | 'captureContent'>, r: CallRecord, outputText: string | null, promptText: string | null): void {
  const { logger, server } = deps;
  // The line (and the closure around it) is built only when its level is on: a silenced logger costs nothing here.
  if (!levelOn(logger, r.outcome === 'ok' ? 'info' : 'warn')) return;
  safe(logger, () => {
    const line: Record<string, unknown> = {
      event: 'call',
      call_id: r.call_id,
      request_id: r.request_id,
      model: r.model,
      server: server.address,
      stream: r.stream,
      outcome: r.outcome,
      error_kind: r.error_kind,
      attempts: r.attempts.length,
      duration_ms: r.latency_ms,
      ttft_ms: r.ttft_ms,
      stop_reason: r.stop_reason,
      tokens: r.usage,
      // Rounded for readers (float noise); the record and the cost metric keep full precision.
      cost_usd: roundUsd(r.cost_usd),
      unpriced: r.unpriced,
      context_utilisation: r.context?.utilisation ?? null,
      prompt_sha256: r.prompt_sha256,
      output_sha256: r.output_sha256,
    };
    if (deps.captureContent) {
      line['prompt'] = promptText;
      line['output'] = outputText;
    }
    if (r.outcome === 'ok') logger.info(line, 'claude call');
    else logger.warn({ ...line, error_message: r.error_message }, 'claude call failed');
  });
}

