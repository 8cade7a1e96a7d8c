/**
 * `alert_sinks`: sinks beyond the console are configured; with `--send-test`, a test
 * notification is POSTed to each and every failure named by sink and host (never the full URL:
 * webhook paths and queries carry tokens).
 */
import { createSinks, parseAlertsConfig, type Notification, type Sink, type SinkConfig } from '../../alerts/index.ts';
import { scrubString } from '../../log/scrub.ts';
import type { CheckResult, DoctorContext } from '../types.ts';

/** The notification `--send-test` delivers: clearly a test, on a rule id no real rule has. */
export function testNotification(now: number): Notification {
  const at = new Date(now).toISOString();
  return {
    version: 1,
    idempotency_key: `doctor-test-${now}`,
    status: 'firing',
    rule_id: 'doctor_test',
    kind: 'share',
    severity: 'info',
    summary: 'claude-canary doctor: test notification (no action needed)',
    labels: { alertname: 'doctor_test', severity: 'info' },
    value: null,
    value_text: '-',
    threshold: 0,
    threshold_text: '-',
    samples: 0,
    detail: 'sent by `claude-canary doctor --send-test` to prove this sink delivers',
    firing_since: at,
    at,
    runbook_url: 'docs/runbooks.md',
  };
}

function hostOf(c: SinkConfig): string {
  return c.type === 'console' ? 'stdout' : new URL(c.url).host;
}

/** An error message with every URL cut down to its host (a sink error may quote one). */
function hostsOnly(text: string): string {
  return scrubString(text.replace(/\bhttps?:\/\/[^\s"')]+/gi, (u) => {
    try {
      return new URL(u).host;
    } catch {
      return '(url)';
    }
  }));
}

async function deliver(sink: Sink, n: Notification, timeoutMs: number): Promise<string | null> {
  const signal = AbortSignal.timeout(timeoutMs);
  try {
    await sink.deliver(n, signal);
    return null;
  } catch (err) {
    return signal.aborted ? `no answer within ${timeoutMs} ms` : (err as Error).message;
  }
}

export async function checkAlertSinks(ctx: DoctorContext): Promise<CheckResult> {
  const checked = ctx.sendTest ? 'alert sinks are configured, and each takes a test notification (--send-test)' : 'alert sinks are configured (add --send-test to deliver a test notification)';
  let configs: SinkConfig[];
  try {
    configs = parseAlertsConfig(ctx.config.alerts).sinks ?? [];
  } catch (err) {
    return { id: 'alert_sinks', status: 'fail', checked, detail: hostsOnly((err as Error).message), fix: 'correct alerts.sinks in claude-canary.config.ts' };
  }
  const remote = configs.filter((c) => c.type !== 'console');
  const listed = configs.map((c) => `${c.name} (${c.type}, ${hostOf(c)})`).join(', ');
  if (remote.length === 0) {
    return {
      id: 'alert_sinks',
      status: 'warn',
      checked,
      detail: configs.length === 0 ? 'no sinks configured: alerts go to the console only (the default)' : `console only: ${listed}`,
      fix: "add a webhook or slack sink under alerts.sinks (e.g. { type: 'slack', name: 'ops-slack', url: process.env.SLACK_WEBHOOK_URL }) so a person is told",
    };
  }
  if (!ctx.sendTest) {
    return { id: 'alert_sinks', status: 'pass', checked, detail: `${remote.length} sink${remote.length === 1 ? '' : 's'}: ${listed}; no test sent`, fix: 'run `claude-canary doctor --send-test` to prove each delivers' };
  }
  // Console sinks are skipped: writing to this command's stdout would prove nothing (and break --json).
  const sinks = createSinks(remote, { write: () => {} });
  const n = testNotification(ctx.now);
  const failures: string[] = [];
  for (const [i, sink] of sinks.entries()) {
    const error = await deliver(sink, n, ctx.networkTimeoutMs);
    if (error) failures.push(`${sink.name} (${hostOf(remote[i]!)}): ${hostsOnly(error)}`);
  }
  if (failures.length > 0) {
    return {
      id: 'alert_sinks',
      status: 'fail',
      checked,
      detail: `test notification not delivered to ${failures.length} of ${remote.length}: ${failures.join('; ')}`,
      fix: 'check each failing sink URL (host named above) and that the receiver is up and accepts a JSON POST',
    };
  }
  return { id: 'alert_sinks', status: 'pass', checked, detail: `test notification delivered to ${remote.length}: ${listed}`, fix: 'tell the receivers to expect (and ignore) doctor_test notifications' };
}
