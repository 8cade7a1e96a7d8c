/**
 * Each default rule on virtual time: a stream of results every 10 s into a real SQLite store,
 * an evaluation every minute, and the minutes at which it goes pending, firing and resolved.
 * Expected minutes are worked out by hand in the comments from the rule's window, threshold,
 * for and keep_firing_for.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createAlertEngine, resolveAlertRules, type AlertEngine, type Rule, type SeriesSchedule } from '../../src/alerts/index.ts';
import { VirtualClock } from '../../src/shared/clock.ts';
import type { ProbeResult } from '../../src/shared/types.ts';
import { error, MIN, result, SEC, tempStore } from './helpers.ts';

const T0 = Date.UTC(2026, 2, 10, 8, 0);
const cleanups: Array<() => void> = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

interface Scenario {
  rule: string;
  start?: number;
  minutes: number;
  every?: number;
  /** The result at offset `t` ms from the start. */
  make: (t: number) => Partial<ProbeResult>;
  /** Offsets at which the canary did not run (no result at all). */
  silent?: (t: number) => boolean;
  /** The monitor's schedule (absence rules). */
  schedules?: SeriesSchedule[];
  expected: string[];
}

const inBad = (t: number, from = 10, to = 20) => t >= from * MIN && t < to * MIN;

/** Runs a scenario; returns `to@minute` for every transition. */
function run(s: Scenario, rules: Rule[] = resolveAlertRules().filter((r) => r.id === s.rule)): { moves: string[]; engine: AlertEngine; outbox: () => number } {
  const h = tempStore();
  cleanups.push(h.cleanup);
  const start = s.start ?? T0;
  const every = s.every ?? 10 * SEC;
  const engine = createAlertEngine({
    store: h.store,
    rules,
    sinks: [{ name: 'test', deliver: async () => {} }],
    clock: new VirtualClock(start, { autoAdvance: false }),
    ...(s.schedules ? { schedules: s.schedules } : {}),
  });
  const moves: string[] = [];
  let t = 0;
  for (let m = 0; m <= s.minutes; m++) {
    const batch: ProbeResult[] = [];
    for (; t <= m * MIN; t += every) if (!s.silent?.(t)) batch.push(result(start + t, s.make(t)));
    h.store.insertResults(batch);
    for (const tr of engine.evaluate(start + m * MIN)) moves.push(`${tr.to}@${m}`);
  }
  return { moves, engine, outbox: () => h.store.db.prepare('SELECT count(*) FROM alert_outbox').pluck().get() as number };
}

const SCENARIOS: Scenario[] = [
  {
    // 100% rate-limited from 10m to 20m; window 5m = 30 results. 10m: 1/30 (3%); 11m: 7/30 > 10%
    // -> pending; for 1m -> firing 12m. Last bad 19:50 is in the 24m window (5 of 30); gone at 25m;
    // keep_firing_for 2m from 24m -> resolved 26m.
    rule: 'rate_limited_share',
    minutes: 40,
    make: (t) => (inBad(t) ? error('rate_limited') : {}),
    expected: ['pending@11', 'firing@12', 'resolved@26'],
  },
  {
    // 10m: 1/30 = 3% > 1% -> pending; for 5m -> firing 15m; last breach 24m, keep 2m -> resolved 26m.
    rule: 'api_error_rate',
    minutes: 40,
    make: (t) => (inBad(t) ? error('server_error') : {}),
    expected: ['pending@10', 'firing@15', 'resolved@26'],
  },
  {
    // 11m: 7/30 > 5% -> pending; for 2m -> firing 13m; last breach 24m -> resolved 26m.
    rule: 'timeout_rate',
    minutes: 40,
    make: (t) => (inBad(t) ? error('timeout') : {}),
    expected: ['pending@11', 'firing@13', 'resolved@26'],
  },
  {
    // Window 1h. At minute m in 10..20: 6(m-10)+1 flagged of 6m+1; first over 10% at 11m (7/67)
    // -> pending; for 5m -> firing 16m. From 70m the flagged runs leave the window: flagged =
    // 60 - 6(m-70) of 360, over 36 until 73m; keep_firing_for 5m -> resolved 78m.
    // context_high alone does not count (it has its own rule).
    rule: 'quality_flag_rate',
    minutes: 90,
    make: (t) => (inBad(t) ? { outcome: 'fail', flags: ['refusal'] } : t >= 30 * MIN && t < 40 * MIN ? { flags: ['context_high'] } : {}),
    expected: ['pending@11', 'firing@16', 'resolved@78'],
  },
  {
    // One request at 10:10 over 80%: in the 5m max window from 11m to 15m; for 0 -> pending and
    // firing at 11m; resolved 16m.
    rule: 'context_utilisation_high',
    minutes: 30,
    make: (t) => (t === 10 * MIN + 10 * SEC ? { context_utilisation: 0.85 } : {}),
    expected: ['pending@11', 'firing@11', 'resolved@16'],
  },
  {
    // $0.05 a run from 21:00 UTC: the 100th run (21:16:30) reaches the $5 default daily budget, so
    // 21:17 fires (minute 17); resolved when the UTC day turns (00:00, minute 180).
    rule: 'daily_spend',
    start: Date.UTC(2026, 0, 31, 21, 0),
    minutes: 190,
    make: () => ({ cost_usd: 0.05 }),
    expected: ['pending@17', 'firing@17', 'resolved@180'],
  },
  {
    // The 1000th run (23:46:30) reaches the $50 monthly budget: fires at 23:47 (minute 167);
    // resolved when February starts (minute 180).
    rule: 'monthly_spend',
    start: Date.UTC(2026, 0, 31, 21, 0),
    minutes: 190,
    make: () => ({ cost_usd: 0.05 }),
    expected: ['pending@167', 'firing@167', 'resolved@180'],
  },
  {
    // 8 s latency from 10m to 20m; 15m window = 90 runs; p99 interpolates ranks 88 and 89, so
    // two slow runs put it at 8 s: pending 11m, for 5m -> firing 16m. Two slow runs stay in the
    // window until 34m; keep 2m -> resolved 36m.
    rule: 'latency_p99',
    minutes: 50,
    make: (t) => (inBad(t) ? { latency_ms: 8000 } : {}),
    expected: ['pending@11', 'firing@16', 'resolved@36'],
  },
  {
    // All errors from 60m to 70m. The 6h/30m pair (6 x 0.5% = 3%) fires first: at 62m, 13 errors
    // of 373 runs (3.5%) and 13 of 180 in 30m (61m: 7 of 367 = 1.9%). (The 1h/5m pair, 7.2%,
    // would join at 65m.) It holds while the 30m window has 6+ errors of 180, until 98m;
    // keep_firing_for 5m -> resolved 103m.
    rule: 'availability_burn',
    minutes: 120,
    make: (t) => (inBad(t, 60, 70) ? error('overloaded') : {}),
    expected: ['pending@62', 'firing@62', 'resolved@103'],
  },
  {
    // The repro: a probe on the default 5-minute schedule whose assertions fail 4 runs in
    // a row (10, 15, 20, 25m) while nothing errors. Window 30m: at 15m 2 of 4 (50%, not over);
    // at 20m 3 of 5 -> pending and firing (for 0s). At 39m the window (9m, 39m] holds 4 fails of
    // 6; at 40m 3 of 6 = 50% clears; keep_firing_for 5m -> resolved 44m.
    rule: 'probe_failure',
    minutes: 60,
    every: 5 * MIN,
    make: (t) => (inBad(t, 10, 30) ? { outcome: 'fail', error_message: 'assertion contains "OK": expected text to contain "OK", got "Sorry"' } : {}),
    expected: ['pending@20', 'firing@20', 'resolved@44'],
  },
  {
    // A probe on a 1-minute schedule stops after its 10m run and comes back at 20m. Two missed
    // schedules = 2 min: silent 3 min at 13m -> pending and firing; the 20m result resolves it.
    rule: 'probe_absent',
    minutes: 30,
    every: MIN,
    make: () => ({}),
    silent: (t) => t > 10 * MIN && t < 20 * MIN,
    schedules: [{ probe_id: 'smoke', model: 'claude-haiku-4-5', interval_ms: MIN }],
    expected: ['pending@13', 'firing@13', 'resolved@20'],
  },
];

describe('default rules on virtual time', () => {
  it('covers every default rule', () => {
    expect(SCENARIOS.map((s) => s.rule).sort()).toEqual(resolveAlertRules().map((r) => r.id).sort());
  });

  for (const s of SCENARIOS) {
    it(`${s.rule} goes pending, firing and resolved at the right minutes, notifying twice`, () => {
      const { moves, outbox } = run(s);
      expect(moves).toEqual(s.expected);
      expect(outbox()).toBe(2);
    });
  }
});
