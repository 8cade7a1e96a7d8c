/**
 * Slack incoming-webhook sink: `text` (the fallback shown in notifications) plus Block Kit
 * blocks with severity, summary, values, labels and the runbook link. Slack itself ignores the
 * `Idempotency-Key` header; the key is also shown in the context block so duplicates can be spotted.
 */
import { formatLabels } from '../format.ts';
import type { Notification } from '../notification.ts';
import { postJson } from './http.ts';
import type { Sink } from './types.ts';

const ICON = { critical: ':rotating_light:', warning: ':warning:', info: ':information_source:' } as const;

export interface SlackPayload {
  text: string;
  blocks: Array<Record<string, unknown>>;
}

/** Slack message for a notification (exported for tests and previews). */
export function slackPayload(n: Notification): SlackPayload {
  const { alertname: _a, severity: _s, ...labels } = n.labels;
  const icon = n.status === 'resolved' ? ':white_check_mark:' : ICON[n.severity];
  const title = `${n.status === 'resolved' ? 'RESOLVED' : 'FIRING'} [${n.severity}] ${n.rule_id}: ${n.summary}`;
  const where = formatLabels(labels);
  return {
    text: `${icon} ${title}${where ? ` (${where})` : ''}: ${n.value_text} vs ${n.threshold_text}`,
    blocks: [
      { type: 'header', text: { type: 'plain_text', text: `${icon} ${title}`.slice(0, 150), emoji: true } },
      {
        type: 'section',
        fields: [
          { type: 'mrkdwn', text: `*Severity*\n${n.severity}` },
          { type: 'mrkdwn', text: `*Status*\n${n.status}` },
          { type: 'mrkdwn', text: `*Value*\n${n.value_text} (threshold ${n.threshold_text})` },
          { type: 'mrkdwn', text: `*Samples*\n${n.samples}` },
          { type: 'mrkdwn', text: `*Labels*\n${where || '(none)'}` },
          { type: 'mrkdwn', text: `*Since*\n${n.firing_since}` },
        ],
      },
      ...(n.detail ? [{ type: 'section', text: { type: 'mrkdwn', text: n.detail } }] : []),
      { type: 'section', text: { type: 'mrkdwn', text: `<${n.runbook_url}|Runbook: ${n.rule_id}>` } },
      { type: 'context', elements: [{ type: 'mrkdwn', text: `${n.at} · key ${n.idempotency_key}` }] },
    ],
  };
}

export interface SlackSinkOptions {
  name: string;
  /** The incoming-webhook URL (`https://hooks.slack.com/services/...`). */
  url: string;
}

export function slackSink(options: SlackSinkOptions): Sink {
  return {
    name: options.name,
    deliver: (n, signal) => postJson(options.url, slackPayload(n), n.idempotency_key, signal),
  };
}
