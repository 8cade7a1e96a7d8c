/**
 * SQL fragments shared by the kinds (internal). Column and kind names come from zod enums, so
 * interpolating them is safe; values from callers are always bound parameters.
 */
import type { Dialect } from '../../store/index.ts';
import type { GroupByColumn, Match } from '../rule-schema.ts';
import type { Observation } from './types.ts';

export interface GroupSql {
  /** `probe_id, model, ` or empty. */
  select: string;
  /** `GROUP BY probe_id, model` or empty. */
  groupBy: string;
}

export function groupSql(columns: readonly GroupByColumn[]): GroupSql {
  if (columns.length === 0) return { select: '', groupBy: '' };
  return { select: `${columns.join(', ')}, `, groupBy: `GROUP BY ${columns.join(', ')}` };
}

/** Labels of a grouped row. */
export function labelsOf(row: Record<string, unknown>, columns: readonly GroupByColumn[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const c of columns) out[c] = String(row[c] ?? '');
  return out;
}

const quote = (values: readonly string[]) => values.map((v) => `'${v.replace(/'/g, "''")}'`).join(', ');

/**
 * How many rows of the group satisfy `condition`. SQLite sums a comparison (0 or 1); PostgreSQL
 * has booleans, which do not sum. (Tables by dialect, built per call: a module-level table would
 * make its mutants static, each run against every test of the mutation set.)
 */
export function countWhere(condition: string, dialect: Dialect): string {
  const sql: Record<Dialect, string> = { sqlite: `sum(${condition})`, postgres: `count(*) FILTER (WHERE ${condition})` };
  return sql[dialect];
}

/** `{ base, hit }`: which rows count at all, and which of them count as bad. */
export function matchSql(match: Match, dialect: Dialect): { base: string; hit: string } {
  if ('flags' in match) {
    // The elements of the flags array as rows with a `value` column, aliased `f`.
    const elements = ({ sqlite: 'json_each(results.flags) AS f', postgres: 'json_array_elements_text(results.flags::json) AS f(value)' } satisfies Record<Dialect, string>)[dialect];
    return {
      base: "outcome IN ('pass', 'fail')",
      hit: `(flags <> '[]' AND EXISTS (SELECT 1 FROM ${elements} WHERE f.value IN (${quote(match.flags)})))`,
    };
  }
  if ('outcomes' in match) return { base: "outcome <> 'skipped'", hit: `outcome IN (${quote(match.outcomes)})` };
  return {
    base: "outcome <> 'skipped'",
    hit: match.error_kinds === 'any' ? "outcome = 'error'" : `(outcome = 'error' AND error_kind IN (${quote(match.error_kinds)}))`,
  };
}

/**
 * The generic comparison: quiet under `minSamples`; `breach` above `threshold` (or at it when
 * `inclusive`); `sustain` against the hysteresis `clear` threshold when there is one.
 */
export function judge(
  labels: Record<string, string>,
  value: number | null,
  samples: number,
  rule: { min_samples: number; threshold: number; clear_threshold?: number | undefined },
  inclusive = false,
): Observation {
  const enough = samples >= rule.min_samples && value !== null;
  const over = (t: number) => enough && (inclusive ? value! >= t : value! > t);
  return { labels, value, threshold: rule.threshold, samples, known: enough, breach: over(rule.threshold), sustain: over(rule.clear_threshold ?? rule.threshold) };
}
