/**
 * The alert engine: evaluates every rule in SQL, steps each label set's state machine, and
 * writes the state, the transition history and one outbox row per sink for every firing and
 * resolved transition, all in one transaction. Delivery runs separately and asynchronously, so
 * a dead sink never blocks evaluation (or the probes that call it).
 */
import type { Db } from '../store/index.ts';
import { createLogger, nullDestination, type Logger } from '../log/logger.ts';
import { systemClock, type Clock } from '../shared/clock.ts';
import { CanaryError } from '../shared/errors.ts';
import { durationMs } from './duration.ts';
import type { EvaluatorLease } from './evaluator-lease.ts';
import { formatValue } from './format.ts';
import { compileRule } from './kinds/registry.ts';
import type { Evaluator, Observation, SeriesSchedule } from './kinds/types.ts';
import { idempotencyKey, labelKey, NOTIFICATION_VERSION, type Notification } from './notification.ts';
import { createOutboxDelivery, type DeliveryReport } from './outbox.ts';
import type { Rule, Severity } from './rule-schema.ts';
import { DeliveryOptionsSchema, type DeliveryOptions } from './sinks/sink-config.ts';
import type { Sink } from './sinks/types.ts';
import { step, type AlertStateName, type StateCore } from './state-machine.ts';
import { hasAlertTables, parseStateRow, readAlertStates, stateStatements, type AlertStatus } from './state-store.ts';

/** One state change of one alert, as returned by {@link AlertEngine.evaluate}. */
export interface Transition {
  rule_id: string;
  labels: Record<string, string>;
  from: AlertStateName;
  to: AlertStateName;
  at: number;
  value: number | null;
  threshold: number;
  samples: number;
  severity: Severity;
  /** True for firing and resolved: these (and only these) are sent to the sinks. */
  notified: boolean;
}

export interface AlertEngineOptions {
  /** The store (or anything with its better-sqlite3 `db`), migrated with the alert tables. */
  store: { db: Db };
  /** Validated rules, e.g. from `resolveAlertRules()`. */
  rules: readonly Rule[];
  /** Default none (state is still kept; nothing is sent). */
  sinks?: readonly Sink[];
  /** Default the system clock. */
  clock?: Clock;
  /** Default a logger that drops everything. */
  logger?: Logger;
  /** Jitter draws for delivery backoff; default Math.random. */
  random?: () => number;
  /** Delivery retries, backoff and timeout; defaults in DELIVERY_DEFAULTS. */
  delivery?: Partial<DeliveryOptions>;
  /** Runbook links are `${runbookBaseUrl}#${rule.runbook}`. Default `docs/runbooks.md`. */
  runbookBaseUrl?: string;
  /**
   * The probe series expected to run, with their schedule intervals, for `absence` rules (the
   * monitor passes its schedule; `setSchedules()` replaces it on reload). Default none: absence
   * rules stay quiet.
   */
  schedules?: readonly SeriesSchedule[];
  /**
   * A fleet's evaluator lease (several monitors on one store): without it held, `evaluate()`
   * reads and writes nothing and `deliverPending()` sends nothing; each evaluation checks it again
   * inside its write transaction. Someone else keeps it (the monitor runs `runLeaseLoop`).
   * Default none: this engine always evaluates.
   */
  lease?: EvaluatorLease;
}

export interface AlertEngine {
  /** Evaluates every rule at `now` (default clock.now()) and returns the transitions. Synchronous. */
  evaluate(now?: number): Transition[];
  /** One delivery round over the outbox. Concurrent calls share the round in flight. */
  deliverPending(): Promise<DeliveryReport>;
  /** `evaluate()` then a delivery round in the background; what the daemon calls after each result. */
  tick(now?: number): Transition[];
  /** Ticks now and every `intervalMs` on the clock until `stop()`. */
  start(intervalMs: number): void;
  /** Stops the timer and aborts deliveries in flight (an aborted attempt is not counted). */
  stop(): Promise<void>;
  /** Alerts pending or firing now. */
  state(): AlertStatus[];
  /** Replaces the expected series (after the monitor reloads its probes). */
  setSchedules(schedules: readonly SeriesSchedule[]): void;
}

interface Compiled {
  rule: Rule;
  evaluate: Evaluator;
  forMs: number;
  keepMs: number;
}

/**
 * @example
 * const store = openStore(config.db);
 * const engine = createAlertEngine({ store, rules: resolveAlertRules(), sinks: [consoleSink(out)] });
 * engine.start(60_000);            // and engine.tick() after each stored result
 * process.on('SIGTERM', () => engine.stop());
 */
export function createAlertEngine(options: AlertEngineOptions): AlertEngine {
  const { db } = options.store;
  if (!hasAlertTables(db)) {
    throw new CanaryError('invalid_config', 'the store has no alert tables: open it with openStore() so the alert migrations run');
  }
  const clock = options.clock ?? systemClock;
  const logger = options.logger ?? createLogger({ destination: nullDestination });
  const sinks = options.sinks ?? [];
  const delivery = DeliveryOptionsSchema.parse(options.delivery ?? {});
  const runbookBase = options.runbookBaseUrl ?? 'docs/runbooks.md';
  let schedules: readonly SeriesSchedule[] | null = options.schedules ?? null;
  const ctx = { schedules: () => schedules, startedAt: clock.now() };
  const compiled: Compiled[] = options.rules.map((rule) => ({
    rule,
    evaluate: compileRule(db, rule, ctx),
    forMs: durationMs(rule.for),
    keepMs: durationMs(rule.keep_firing_for),
  }));
  const sql = stateStatements(db);
  const deliver = createOutboxDelivery({ db, sinks, clock, options: delivery, logger, ...(options.random && { random: options.random }) });

  function notification(c: Compiled, labels: Record<string, string>, key: string, status: 'firing' | 'resolved', s: StateCore, obs: Observation | undefined, now: number): Notification {
    const { rule } = c;
    const firingSince = s.firing_since ?? now;
    const value = obs?.value ?? null;
    const threshold = obs?.threshold ?? ('threshold' in rule ? rule.threshold : 0);
    return {
      version: NOTIFICATION_VERSION,
      idempotency_key: idempotencyKey(rule.id, key, status, firingSince),
      status,
      rule_id: rule.id,
      kind: rule.kind,
      severity: rule.severity,
      summary: rule.summary,
      labels: { alertname: rule.id, severity: rule.severity, ...rule.labels, ...labels },
      value,
      value_text: formatValue(rule.kind, value),
      threshold,
      threshold_text: formatValue(rule.kind, threshold),
      samples: obs?.samples ?? 0,
      detail: obs?.detail ?? null,
      firing_since: new Date(firingSince).toISOString(),
      at: new Date(now).toISOString(),
      runbook_url: `${runbookBase}#${rule.runbook}`,
    };
  }

  const lease = options.lease;
  const apply = db.transaction((now: number, readings: Array<{ c: Compiled; obs: Observation[] }>): Transition[] => {
    const transitions: Transition[] = [];
    // A holder that stalled past its expiry must not write next to its successor.
    if (lease && !lease.fence(now)) return transitions;
    for (const { c, obs } of readings) {
      const { rule } = c;
      // Readings are taken before this transaction. Another evaluator on the store (a second
      // monitor, or a lease holder that stalled) may have written a newer reading of this rule
      // since: an older one must not undo it (a stale breach re-firing a resolved alert).
      const newest = sql.newest.get(rule.id) as number | null;
      if (newest !== null && newest > now) continue;
      const byKey = new Map<string, { labels: Record<string, string>; obs?: Observation; prev?: StateCore }>();
      for (const o of obs) byKey.set(labelKey(o.labels), { labels: o.labels, obs: o });
      for (const r of sql.active.all(rule.id)) {
        const prev = parseStateRow(r);
        const entry = byKey.get(prev.label_key) ?? { labels: prev.labels };
        entry.prev = prev;
        byKey.set(prev.label_key, entry);
      }
      for (const [key, { labels, obs: o, prev }] of byKey) {
        // Only a reading that says something moves the state machine; no data keeps it.
        const { next, moves } = step(prev, o?.known ? o : undefined, now, { forMs: c.forMs, keepFiringForMs: c.keepMs });
        if (moves.length === 0 && next.state !== 'pending' && next.state !== 'firing') continue;
        const threshold = o?.threshold ?? ('threshold' in rule ? rule.threshold : 0);
        sql.upsert.run({
          rule_id: rule.id, label_key: key, labels: JSON.stringify(labels), kind: rule.kind, state: next.state, pending_since: next.pending_since,
          firing_since: next.firing_since, last_breach_at: next.last_breach_at, resolved_at: next.resolved_at, severity: rule.severity,
          value: o?.value ?? null, threshold, samples: o?.samples ?? 0, summary: rule.summary, updated_at: now,
        });
        for (const [from, to] of moves) {
          sql.event.run(rule.id, key, JSON.stringify(labels), from, to, now, o?.value ?? null, o?.samples ?? 0);
          const notified = to === 'firing' || to === 'resolved';
          if (notified) {
            const n = notification(c, labels, key, to, next, o, now);
            const payload = JSON.stringify(n);
            for (const s of sinks) sql.enqueue.run(n.idempotency_key, s.name, payload, now, now);
          }
          transitions.push({ rule_id: rule.id, labels, from, to, at: now, value: o?.value ?? null, threshold, samples: o?.samples ?? 0, severity: rule.severity, notified });
        }
      }
    }
    return transitions;
  });

  function evaluate(now = clock.now()): Transition[] {
    if (lease && !lease.held(now)) return [];
    // Reads first, outside the write transaction, so probe inserts are not held up by the queries.
    const readings = compiled.map((c) => ({ c, obs: c.evaluate(now) }));
    const transitions = apply.immediate(now, readings);
    for (const t of transitions) {
      if (t.notified) logger.info({ rule_id: t.rule_id, labels: t.labels, to: t.to, value: t.value }, `alert ${t.to}`);
    }
    return transitions;
  }

  let stopCtrl = new AbortController();
  let inFlight: Promise<DeliveryReport> | null = null;
  function deliverPending(): Promise<DeliveryReport> {
    if (lease && !lease.held(clock.now())) return Promise.resolve({ delivered: 0, retrying: 0, dead: 0, revived: 0, resent: 0, next_at: null });
    inFlight ??= deliver(stopCtrl.signal).finally(() => {
      inFlight = null;
    });
    return inFlight;
  }

  function tick(now?: number): Transition[] {
    let transitions: Transition[] = [];
    try {
      transitions = evaluate(now);
    } catch (err) {
      logger.error({ err }, 'alert evaluation failed');
    }
    deliverPending().catch((err: unknown) => logger.error({ err }, 'alert delivery failed'));
    return transitions;
  }

  let loop: Promise<void> | null = null;
  return {
    evaluate,
    deliverPending,
    tick,
    start(intervalMs) {
      if (loop) return;
      const signal = stopCtrl.signal;
      loop = (async () => {
        while (!signal.aborted) {
          tick();
          try {
            await clock.sleep(intervalMs, signal);
          } catch {
            return;
          }
        }
      })();
    },
    async stop() {
      stopCtrl.abort(new Error('alert engine stopped'));
      await loop;
      await inFlight?.catch(() => undefined);
      loop = null;
      stopCtrl = new AbortController();
    },
    state: () => readAlertStates(db),
    setSchedules(next) {
      schedules = next;
    },
  };
}
