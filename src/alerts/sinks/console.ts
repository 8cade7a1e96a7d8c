/** Console sink: one line per notification through an injected writer (library code never touches `console`). */
import { formatLabels } from '../format.ts';
import type { Notification } from '../notification.ts';
import type { Sink, Writer } from './types.ts';

/** `FIRING critical api_error_rate model=x: API error rate is over 1% (3.20% > 1.00%, n=50) runbook: ...` */
export function consoleLine(n: Notification): string {
  const { alertname: _a, severity: _s, ...labels } = n.labels;
  const where = formatLabels(labels);
  return `${n.status.toUpperCase()} ${n.severity} ${n.rule_id}${where ? ` ${where}` : ''}: ${n.summary} (${n.value_text} vs ${n.threshold_text}, n=${n.samples}${n.detail ? `, ${n.detail}` : ''}) since ${n.firing_since} runbook: ${n.runbook_url}\n`;
}

/**
 * @example
 * const sink = consoleSink({ write: (s) => process.stdout.write(s) });
 */
export function consoleSink(writer: Writer, name = 'console'): Sink {
  return {
    name,
    deliver: async (n) => writer.write(consoleLine(n)),
  };
}
