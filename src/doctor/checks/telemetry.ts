/**
 * `telemetry`: a Claude call made through the client produces a span, the GenAI metrics and a
 * log line. Run, not assumed: the call is made and its telemetry read in this process.
 */
import { METRIC } from '../../telemetry/semconv.ts';
import type { CheckResult, DoctorContext } from '../types.ts';

/** Metrics every call records; a successful call also records its token usage. */
const requiredMetrics = (ok: boolean): string[] => (ok ? [METRIC.operationDuration, METRIC.tokenUsage] : [METRIC.operationDuration]);

export async function checkTelemetry(ctx: DoctorContext): Promise<CheckResult> {
  const checked = 'one call through the instrumented client produces a span, metrics and a log line';
  let call;
  try {
    call = await ctx.probeCall();
  } catch (err) {
    return { id: 'telemetry', status: 'fail', checked, detail: `the call could not be made: ${(err as Error).message}`, fix: 'check the target (`--target`) and ANTHROPIC_API_KEY' };
  }
  const missing: string[] = [];
  if (call.spans.length === 0) missing.push('no span');
  const absent = requiredMetrics(call.ok).filter((m) => !call.metricNames.includes(m));
  if (absent.length > 0) missing.push(`no ${absent.join(', ')} metric`);
  if (call.logLines.length === 0) missing.push('no log line');
  const seen = `${call.spans.length} span${call.spans.length === 1 ? '' : 's'} (${call.spans.map((s) => s.name).join(', ') || '-'}), ${call.metricNames.length} metrics (${call.metricNames.join(', ') || '-'}), ${call.logLines.length} log line${call.logLines.length === 1 ? '' : 's'}`;
  const outcome = call.ok ? `call to ${call.target} (${call.model}) succeeded` : `call to ${call.target} (${call.model}) failed: ${call.errorKind}`;
  if (missing.length > 0) {
    return { id: 'telemetry', status: 'fail', checked, detail: `${outcome}; ${missing.join(', ')}: ${seen}`, fix: 'pass tracerProvider, meterProvider and logger to createClient (or call startTelemetry() before creating it)' };
  }
  if (!call.ok) {
    return { id: 'telemetry', status: 'fail', checked, detail: `${outcome}; telemetry recorded it: ${seen}`, fix: 'a call to the target fails: check ANTHROPIC_API_KEY, the target URL and network access (`claude-canary run --verbose` shows the attempts)' };
  }
  return { id: 'telemetry', status: 'pass', checked, detail: `${outcome}; ${seen}`, fix: 'keep the client built with createClient (its span, metrics and log line are the canary signals)' };
}
