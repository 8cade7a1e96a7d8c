/**
 * `slo_burn`: multi-window, multi-burn-rate alerting on an availability SLO. A window pair fires
 * when the error-budget burn rate exceeds its factor over both the long and the short window
 * (the short one makes the alert reset quickly once the problem stops). All windows come from
 * one SQL pass over the longest window, with conditional sums per window.
 */
import { durationMs } from '../duration.ts';
import { countWhere, groupSql, labelsOf, matchSql } from './sql.ts';
import type { Handler, Observation } from './types.ts';

export const sloBurnHandler: Handler<'slo_burn'> = (db, rule) => {
  const g = groupSql(rule.group_by);
  const m = matchSql(rule.bad, db.dialect);
  const spans = [...new Set(rule.windows.flatMap((w) => [durationMs(w.long), durationMs(w.short)]))].sort((a, b) => a - b);
  const longest = spans[spans.length - 1]!;
  const cols = spans.map((_, i) => `${countWhere(`started_at > @from${i}`, db.dialect)} AS n${i}, ${countWhere(`started_at > @from${i} AND ${m.hit}`, db.dialect)} AS b${i}`).join(', ');
  const stmt = db.prepare(`SELECT ${g.select}${cols} FROM results WHERE started_at > @fromMax AND started_at <= @to AND ${m.base} ${g.groupBy}`);
  const budget = 1 - rule.objective;
  const pairs = rule.windows.map((w) => ({ ...w, li: spans.indexOf(durationMs(w.long)), si: spans.indexOf(durationMs(w.short)) }));

  return (now): Observation[] => {
    const params: Record<string, number> = { fromMax: now - longest, to: now };
    spans.forEach((s, i) => (params[`from${i}`] = now - s));
    const rows = stmt.all(params) as Array<Record<string, number | string | null>>;
    return rows.map((r) => {
      const num = (k: string) => Number(r[k] ?? 0);
      const burn = (i: number) => (num(`n${i}`) > 0 ? num(`b${i}`) / num(`n${i}`) / budget : 0);
      // The pair closest to (or furthest past) its factor is the one reported; a breaching pair
      // beats one that is not (a pair under min_samples may be further past its factor); on a tie,
      // the pair listed first.
      let known = false;
      // Stryker disable next-line StringLiteral: the first pair always replaces this start value (its ratio, at least 0, beats -1)
      let best = { ratio: -1, value: 0, threshold: pairs[0]!.burn_rate, samples: 0, breach: false, detail: '' };
      for (const p of pairs) {
        const value = Math.min(burn(p.li), burn(p.si));
        const samples = num(`n${p.li}`);
        if (samples >= rule.min_samples) known = true;
        const breach = samples >= rule.min_samples && value > p.burn_rate;
        const ratio = value / p.burn_rate;
        if ((breach && !best.breach) || (breach === best.breach && ratio > best.ratio)) {
          best = { ratio, value, threshold: p.burn_rate, samples, breach, detail: `${p.long}/${p.short} windows at ${p.burn_rate}x` };
        }
      }
      return { labels: labelsOf(r, rule.group_by), value: best.value, threshold: best.threshold, samples: best.samples, known, breach: best.breach, sustain: best.breach, detail: best.detail };
    });
  };
};
