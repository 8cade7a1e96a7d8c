/**
 * `absence`: a probe series (probe x model) with no result for more than `missed_schedules` of
 * its schedule interval. Silence is not health: a canary that stops running says nothing, so the
 * engine must notice the nothing.
 *
 * - The value is the time since the series' newest non-skipped result, in seconds; the threshold
 *   is `missed_schedules` x the schedule's interval (its longest gap between slots), in seconds.
 * - A series with no result since this engine started is measured from the start, and is "no
 *   data" (state kept, see state-machine.ts) until the threshold has passed since the start: a
 *   restarted monitor neither resolves a firing absence alert nor raises a new one before its
 *   probes have had their chance.
 * - A series no longer scheduled (its probe removed or disabled) reads as not absent, so an alert
 *   left firing for it resolves instead of firing forever.
 * - Without schedules (one-shot `run`, chaos) nothing is expected and the rule is quiet.
 */
import { NEWEST_RUN_SQL } from '../schedules.ts';
import type { Handler, Observation } from './types.ts';

const key = (probeId: string, model: string) => `${probeId}\u0000${model}`;

export const absenceHandler: Handler<'absence'> = (db, rule, ctx) => {
  const newest = db.prepare(NEWEST_RUN_SQL).pluck();
  const active = db.prepare("SELECT labels FROM alert_instances WHERE rule_id = ? AND state IN ('pending', 'firing')").pluck();

  return (now): Observation[] => {
    const schedules = ctx.schedules();
    if (schedules === null) return [];
    const out: Observation[] = [];
    const expected = new Set<string>();
    for (const s of schedules) {
      expected.add(key(s.probe_id, s.model));
      const limitMs = rule.missed_schedules * s.interval_ms;
      const last = newest.get(s.probe_id, s.model) as number | undefined;
      const since = last === undefined ? ctx.startedAt : Math.max(last, Math.min(ctx.startedAt, now));
      const silentMs = now - (last ?? ctx.startedAt);
      const breach = now - since > limitMs;
      // A recent result says "healthy"; silence shorter than the limit since this engine started
      // says nothing yet (no data).
      const known = breach || (last !== undefined && silentMs <= limitMs);
      out.push({
        labels: { probe_id: s.probe_id, model: s.model },
        value: Math.max(0, silentMs) / 1000,
        threshold: limitMs / 1000,
        samples: last === undefined ? 0 : 1,
        known,
        breach,
        sustain: breach,
        detail: last === undefined ? 'no result since the monitor started' : `last result ${new Date(last).toISOString()}`,
      });
    }
    for (const labels of active.all(rule.id) as string[]) {
      const l = JSON.parse(labels) as Record<string, string>;
      // Stryker disable next-line StringLiteral: any stand-in for a missing label works, as no scheduled series lacks one
      if (expected.has(key(l['probe_id'] ?? '', l['model'] ?? ''))) continue;
      out.push({ labels: l, value: null, threshold: 0, samples: 0, known: true, breach: false, sustain: false, detail: 'series no longer scheduled' });
    }
    return out;
  };
};
