/**
 * A small, deterministic result store for the dashboard tests: three probes (one with a hostile
 * id) on two models over six days, errors, quality flags, prompt caching, hostile stored strings,
 * a few results outside the window, and alert transitions in the alert engine's tables.
 */
import { computeCost } from '../../src/client/cost.ts';
import type { ProbeResult, QualityFlag, Usage } from '../../src/shared/types.ts';
import type { Store } from '../../src/store/index.ts';

export const NOW = Date.parse('2026-11-29T18:00:00Z');
export const DAY = 86_400_000;
export const HOUR = 3_600_000;
export const PWN = '<script>window.__pwned=1</script>';
export const IMG = '"><img src=x onerror=window.__pwned=2>';
export const HOSTILE_PROBE = `evil-${PWN}`;
export const PROBES = ['chat-basic', 'stream-cached', HOSTILE_PROBE] as const;
export const MODELS = ['claude-haiku-4-5', 'claude-sonnet-4-6'] as const;
const ERROR_KINDS = ['rate_limited', 'overloaded', 'timeout'] as const;

function usageFor(probe: string, i: number): Usage {
  const cached = probe === 'stream-cached';
  return {
    input_tokens: 200 + (i % 5) * 20,
    output_tokens: 120 + (i % 7) * 30,
    cache_creation_input_tokens: cached && i % 12 === 0 ? 1500 : 0,
    cache_read_input_tokens: cached && i % 12 !== 0 ? 1500 : 0,
    cache_write_5m_tokens: cached && i % 12 === 0 ? 1500 : 0,
    cache_write_1h_tokens: 0,
  };
}

export function seedResult(probe: string, model: string, i: number, startedAt: number): ProbeResult {
  const error = i % 15 === 3;
  const usage = error ? null : usageFor(probe, i);
  const flags: QualityFlag[] = error ? [] : [...(i % 7 === 1 ? (['too_short'] as const) : []), ...(i % 13 === 5 ? (['refusal'] as const) : [])];
  const kind = ERROR_KINDS[Math.floor(i / 15) % 3]!;
  const latency = error ? { rate_limited: 90, overloaded: 2_100, timeout: 30_000 }[kind] : 400 + ((i * 37) % 900) + (model.includes('sonnet') ? 300 : 0) + (probe === 'stream-cached' ? 0 : probe === 'chat-basic' ? 150 : 420);
  return {
    run_id: `${probe}|${model}|${i}|${startedAt}`,
    probe_id: probe,
    model,
    // The real API: its request ids are the ones the dashboard offers for Anthropic support.
    target: 'anthropic',
    runner_id: 'test',
    region: 'local',
    started_at: startedAt,
    finished_at: startedAt + latency,
    outcome: error ? 'error' : flags.length > 0 ? 'fail' : 'pass',
    error_kind: error ? kind : null,
    error_message: error ? (probe === HOSTILE_PROBE ? `upstream said ${IMG}` : `HTTP error ${i}`) : null,
    attempts: error ? 3 : 1,
    latency_ms: latency,
    ttft_ms: probe === 'stream-cached' && !error ? Math.round(latency / 3) : null,
    usage,
    cost_usd: usage ? computeCost(model, usage, { atMs: startedAt }).cost!.total : null,
    unpriced: false,
    stop_reason: error ? null : 'end_turn',
    request_id: `req_${probe === HOSTILE_PROBE ? 'evil' : probe}_${model.includes('haiku') ? 'h' : 's'}_${i}`,
    context_utilisation: 0.01,
    flags,
    assertions: [],
    output_sha256: null,
    output_preview: error ? null : probe === HOSTILE_PROBE ? `${IMG} and ${PWN}` : `Answer ${i} from ${model}`,
  };
}

/** Every 2 hours for 6 days before NOW per series, plus 5 results per series on Nov 10 (same month, outside a 7-day window). */
export function seedResults(): ProbeResult[] {
  const out: ProbeResult[] = [];
  for (const probe of PROBES) {
    for (const model of MODELS) {
      for (let i = 0; i < 72; i++) out.push(seedResult(probe, model, i, NOW - 6 * DAY + i * 2 * HOUR + 60_000));
      for (let i = 0; i < 5; i++) out.push(seedResult(probe, model, 1000 + i, Date.parse('2026-11-10T12:00:00Z') + i * HOUR));
    }
  }
  return out;
}

/** Alert transitions: error_rate fired and resolved; p99 latency fired on the hostile probe and is still firing. */
export function seedAlerts(store: Store): void {
  const db = store.db;
  const ev = db.prepare('INSERT INTO alert_events (rule_id, label_key, labels, from_state, to_state, at, value, samples) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
  const lbl = JSON.stringify({ probe_id: 'chat-basic' });
  ev.run('api_error_rate', 'probe_id=chat-basic', lbl, 'inactive', 'pending', NOW - 3 * DAY, 0.05, 20);
  ev.run('api_error_rate', 'probe_id=chat-basic', lbl, 'pending', 'firing', NOW - 3 * DAY + 5 * 60_000, 0.06, 22);
  ev.run('api_error_rate', 'probe_id=chat-basic', lbl, 'firing', 'resolved', NOW - 2 * DAY, 0.004, 30);
  const evil = JSON.stringify({ probe_id: HOSTILE_PROBE });
  ev.run('latency_p99', `probe_id=${HOSTILE_PROBE}`, evil, 'inactive', 'pending', NOW - 10 * HOUR, 31000, 12);
  ev.run('latency_p99', `probe_id=${HOSTILE_PROBE}`, evil, 'pending', 'firing', NOW - 9 * HOUR, 31000, 12);
  // The alert schema is the alerts part's; insert only the columns this store has.
  const row: Record<string, unknown> = {
    rule_id: 'latency_p99', label_key: `probe_id=${HOSTILE_PROBE}`, labels: evil, kind: 'percentile', state: 'firing', severity: 'critical',
    pending_since: NOW - 10 * HOUR, firing_since: NOW - 9 * HOUR, last_breach_at: NOW - HOUR, resolved_at: null, value: 31000, threshold: 5000,
    samples: 12, summary: `p99 latency 31 s over 5 s ${IMG}`, updated_at: NOW - HOUR,
  };
  const cols = Object.keys(row).filter((c) => db.hasColumn('alert_instances', c));
  db.prepare(`INSERT INTO alert_instances (${cols.join(', ')}) VALUES (${cols.map((c) => `@${c}`).join(', ')})`).run(Object.fromEntries(cols.map((c) => [c, row[c]])));
}
