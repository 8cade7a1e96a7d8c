export { createAlertEngine, type AlertEngine, type AlertEngineOptions, type Transition } from './engine.ts';
export { DEFAULT_RULES, type DefaultRuleId } from './defaults.ts';
export { AlertsConfigSchema, defineAlerts, parseAlertsConfig, resolveAlertRules, RuleOverrideSchema, type AlertsConfig, type ResolveRulesOptions } from './config.ts';
export {
  RULE_KINDS, RuleSchema, SEVERITIES, GROUP_BY_COLUMNS, MatchSchema,
  type Rule, type RuleInput, type RuleKind, type RuleOf, type Severity, type GroupByColumn, type Match,
} from './rule-schema.ts';
export { durationMs, formatDuration, DurationSchema } from './duration.ts';
export { ALERT_STATES, step, type AlertStateName, type StateCore } from './state-machine.ts';
export { readAlertStates, hasAlertTables, type AlertStatus, type OutboxRow } from './state-store.ts';
export { idempotencyKey, labelKey, type Notification } from './notification.ts';
export { backoffMs, type DeliveryReport } from './outbox.ts';
export { readDeadLetters, type DeadLetter } from './outbox-sql.ts';
export { runDeliveryLoop, DELIVERY_LOOP_DEFAULTS, type DeliveryLoopOptions } from './delivery-loop.ts';
export { createEvaluatorLease, type EvaluatorLease, type EvaluatorLeaseOptions, type LeaseHolder } from './evaluator-lease.ts';
export { runLeaseLoop, RENEWALS_PER_TERM, type LeaseLoopOptions } from './lease-loop.ts';
export { alertStateMigration, alertOutboxMigration } from './schema.ts';
export { consoleSink, consoleLine } from './sinks/console.ts';
export { webhookSink, type WebhookSinkOptions } from './sinks/webhook.ts';
export { slackSink, slackPayload, type SlackPayload, type SlackSinkOptions } from './sinks/slack.ts';
export { createSinks } from './sinks/create-sinks.ts';
export { DELIVERY_DEFAULTS, DeliveryOptionsSchema, SinkConfigSchema, type DeliveryOptions, type SinkConfig } from './sinks/sink-config.ts';
export { SinkError, type Sink, type Writer } from './sinks/types.ts';
export * from './metric-names.ts';
export { exportPrometheusRules } from './prometheus/export.ts';
export { createProbeInstruments, recordProbeResult, registerProbeSeries, type ProbeInstruments } from './probe-metrics.ts';
export { withLastRun, type SeriesSchedule } from './schedules.ts';
export { formatLabels, formatValue } from './format.ts';
