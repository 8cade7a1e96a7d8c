/**
 * `claude-canary alerts`: the alert state kept in the store (firing and pending, with since and
 * values), and every dead letter (a notification its sink has not taken yet). Exit 1 when an alert
 * is firing or a notification is dead-lettered: both need a person.
 */
import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import { formatLabels, formatValue, hasAlertTables, readAlertStates, readDeadLetters, type AlertStatus, type DeadLetter } from '../../alerts/index.ts';
import { loadConfig } from '../../config/index.ts';
import { CanaryError } from '../../shared/errors.ts';
import { openStore } from '../../store/index.ts';

export interface AlertsCliOptions {
  db?: string;
  config?: string;
  json?: boolean;
  all?: boolean;
}

const iso = (ms: number | null) => (ms === null ? '-' : new Date(ms).toISOString().replace('.000Z', 'Z'));

/** Reads the state from the store at the configured (or given) path. Throws CanaryError('usage') when there is no store. */
export async function readAlerts(opts: AlertsCliOptions): Promise<{ db: string; alerts: AlertStatus[]; dead_letters: DeadLetter[] }> {
  const config = await loadConfig({ ...(opts.config ? { file: opts.config } : {}), flags: opts.db ? { db: opts.db } : {} });
  if (!existsSync(config.db)) throw new CanaryError('usage', `no store at ${config.db}: run \`claude-canary monitor\` (or pass --db <path>)`);
  const store = openStore(config.db);
  try {
    if (!hasAlertTables(store.db)) return { db: config.db, alerts: [], dead_letters: [] };
    return {
      db: config.db,
      alerts: readAlertStates(store.db, opts.all ? ['pending', 'firing', 'resolved'] : ['pending', 'firing']),
      dead_letters: readDeadLetters(store.db),
    };
  } finally {
    store.close();
  }
}

/** Plain-text table, one alert a line. */
export function alertsTable(alerts: readonly AlertStatus[]): string {
  if (alerts.length === 0) return 'no alerts firing or pending\n';
  const rows = alerts.map((a) => [
    a.state.toUpperCase(),
    iso(a.state === 'firing' ? a.firing_since : a.state === 'resolved' ? a.resolved_at : a.pending_since),
    a.severity,
    a.rule_id,
    formatLabels(a.labels) || '-',
    `${formatValue(a.kind, a.value)} (threshold ${formatValue(a.kind, a.threshold)})`,
    String(a.samples),
  ]);
  const head = ['STATE', 'SINCE', 'SEVERITY', 'RULE', 'LABELS', 'VALUE', 'SAMPLES'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  return [head, ...rows].map((r) => r.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd()).join('\n') + '\n';
}

/** Dead letters, one a line, after a heading that says what happens to them; '' when there are none. */
export function deadLettersTable(dead: readonly DeadLetter[]): string {
  if (dead.length === 0) return '';
  const rows = dead.map((d) => [
    d.sink,
    d.status.toUpperCase(),
    d.rule_id,
    formatLabels(Object.fromEntries(Object.entries(d.labels).filter(([k]) => k !== 'alertname' && k !== 'severity'))) || '-',
    iso(d.dead_at),
    String(d.attempts),
    iso(d.next_attempt_at),
    d.idempotency_key,
    (d.last_error ?? '-').replace(/\s+/g, ' ').slice(0, 120),
  ]);
  const head = ['SINK', 'NOTIFICATION', 'RULE', 'LABELS', 'DEAD SINCE', 'ATTEMPTS', 'NEXT PROBE', 'KEY', 'LAST ERROR'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const title = `${dead.length} dead letter${dead.length === 1 ? '' : 's'}: not delivered yet; sent again when the sink takes any notification, or at the next probe\n`;
  return title + [head, ...rows].map((r) => r.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd()).join('\n') + '\n';
}

export function register(program: Command): void {
  program
    .command('alerts')
    .description('show alerts firing and pending, and dead-lettered notifications (state kept by `monitor` in the store)')
    .option('--db <path>', 'SQLite store (default: the config `db`, .canary/canary.db)')
    .option('--config <file>', 'config file (default claude-canary.config.ts when present)')
    .option('--all', 'also list resolved alerts')
    .option('--json', 'print JSON instead of a table')
    .action(async (opts: AlertsCliOptions) => {
      const { alerts, dead_letters } = await readAlerts(opts);
      if (opts.json) {
        const out = {
          alerts: alerts.map((a) => ({ ...a, pending_since: iso(a.pending_since), firing_since: iso(a.firing_since), resolved_at: iso(a.resolved_at), updated_at: iso(a.updated_at), last_breach_at: iso(a.last_breach_at) })),
          dead_letters: dead_letters.map((d) => ({ ...d, created_at: iso(d.created_at), dead_at: iso(d.dead_at), next_attempt_at: iso(d.next_attempt_at) })),
        };
        process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
      } else {
        const dead = deadLettersTable(dead_letters);
        process.stdout.write(alertsTable(alerts) + (dead ? `\n${dead}` : ''));
      }
      if (alerts.some((a) => a.state === 'firing') || dead_letters.length > 0) process.exitCode = 1;
    });
}
