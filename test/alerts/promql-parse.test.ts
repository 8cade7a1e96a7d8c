/**
 * Every PromQL expression in the exported rule file parses with the parser the Prometheus UI
 * uses (@prometheus-io/lezer-promql), from plain Node: a fresh machine without promtool still
 * checks the export. `prometheus.test.ts` runs the real promtool on the same file where it is
 * installed (CI).
 */
import { parser } from '@prometheus-io/lezer-promql';
import { describe, expect, it } from 'vitest';
import { exportPrometheusRules, resolveAlertRules } from '../../src/alerts/index.ts';

/** Syntax errors in `expr`: the position and the text around each error node. */
function syntaxErrors(expr: string): string[] {
  const errors: string[] = [];
  parser.parse(expr).iterate({
    enter(node) {
      if (node.type.isError) errors.push(`at ${node.from}: ...${expr.slice(Math.max(0, node.from - 20), node.from + 20)}...`);
    },
  });
  return errors;
}

/** The `expr:` values of a rule file, by alert name (each is a JSON string; see export.ts). */
function exprsOf(yaml: string): Array<{ alert: string; expr: string }> {
  const out: Array<{ alert: string; expr: string }> = [];
  let alert = '';
  for (const line of yaml.split('\n')) {
    const a = /^\s+- alert: (".*")$/.exec(line);
    if (a?.[1]) alert = JSON.parse(a[1]) as string;
    const e = /^\s+expr: (".*")$/.exec(line);
    if (e?.[1]) out.push({ alert, expr: JSON.parse(e[1]) as string });
  }
  return out;
}

describe('exported PromQL', () => {
  it('the parser catches a broken expression (so a clean result means something)', () => {
    expect(syntaxErrors('sum by (model) (rate(x_total[5m])')).not.toEqual([]);
    expect(syntaxErrors('rate(x_total[5m]) > > 1')).not.toEqual([]);
    expect(syntaxErrors('sum by (model) (rate(x_total[5m])) > 0.1')).toEqual([]);
  });

  it('every expression of the default rules parses', () => {
    const rules = resolveAlertRules();
    const exprs = exprsOf(exportPrometheusRules(rules));
    expect(exprs.map((e) => e.alert)).toEqual(rules.map((r) => r.id));
    for (const { alert, expr } of exprs) expect(syntaxErrors(expr), `${alert}: ${expr}`).toEqual([]);
  });
});
