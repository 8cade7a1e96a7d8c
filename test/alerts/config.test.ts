import { describe, expect, it } from 'vitest';
import { DEFAULT_RULES, parseAlertsConfig, resolveAlertRules } from '../../src/alerts/index.ts';
import { CanaryError } from '../../src/shared/errors.ts';

const problemsOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    if (e instanceof CanaryError) return e.problems.map((p) => `${p.path}: ${p.message}`);
    throw e;
  }
  throw new Error('did not throw');
};

describe('resolveAlertRules', () => {
  it('validates the defaults and applies their defaults (for, labels, enabled)', () => {
    const rules = resolveAlertRules();
    expect(rules.map((r) => r.id)).toEqual(DEFAULT_RULES.map((r) => r.id));
    expect(rules.find((r) => r.id === 'context_utilisation_high')).toMatchObject({ for: '0s', keep_firing_for: '0s', labels: {}, enabled: true });
  });

  it('merges an override by id, labels included, and keeps the rest', () => {
    const rules = resolveAlertRules([{ id: 'api_error_rate', threshold: 0.02, labels: { team: 'sre' } }, { id: 'timeout_rate', enabled: false }]);
    expect(rules.find((r) => r.id === 'api_error_rate')).toMatchObject({ threshold: 0.02, window: '5m', for: '5m', labels: { team: 'sre' } });
    expect(rules.map((r) => r.id)).not.toContain('timeout_rate');
  });

  it('takes spend thresholds from the config budgets unless a rule override sets one', () => {
    const rules = resolveAlertRules([{ id: 'monthly_spend', threshold: 99 }], { budgets: { daily_usd: 7, monthly_usd: 70 } });
    expect(rules.find((r) => r.id === 'daily_spend')).toMatchObject({ threshold: 7 });
    expect(rules.find((r) => r.id === 'monthly_spend')).toMatchObject({ threshold: 99 });
  });

  it('adds a new rule and collects every problem in one pass, with paths', () => {
    expect(
      problemsOf(() =>
        resolveAlertRules([
          { id: 'api_error_rate', threshold: 2, window: 'five minutes' },
          { id: 'latency_p99', clear_threshold: 9000 },
          { id: 'availability_burn', windows: [{ long: '5m', short: '1h', burn_rate: 2 }] },
          { id: 'new_rule', kind: 'max' },
          { id: 'api_error_rate' },
        ]),
      ),
    ).toEqual([
      'alerts.rules[4].id: duplicate override for "api_error_rate" (first at alerts.rules[0])',
      'alerts.rules[4].window: must be a duration like 30s, 5m, 1h or 7d',
      'alerts.rules[4].threshold: Too big: expected number to be <=1',
      'alerts.rules[1].clear_threshold: must be at most threshold (5000); hysteresis clears below the trigger',
      'alerts.rules[2].windows[0].short: must be shorter than long (5m)',
      expect.stringMatching(/^alerts\.rules\[3\]\.summary: /),
      expect.stringMatching(/^alerts\.rules\[3\]\.severity: /),
      expect.stringMatching(/^alerts\.rules\[3\]\.min_samples: /),
      expect.stringMatching(/^alerts\.rules\[3\]\.runbook: /),
      expect.stringMatching(/^alerts\.rules\[3\]\.window: /),
      expect.stringMatching(/^alerts\.rules\[3\]\.threshold: /),
    ]);
  });
});

describe('parseAlertsConfig', () => {
  it('accepts sinks and rejects duplicate names and non-http URLs', () => {
    expect(parseAlertsConfig({ sinks: [{ type: 'console' }, { type: 'slack', name: 'ops', url: 'https://hooks.slack.com/services/x' }] }).sinks).toHaveLength(2);
    expect(problemsOf(() => parseAlertsConfig({ sinks: [{ type: 'webhook', name: 'a', url: 'ftp://x' }] }))[0]).toMatch(/^alerts\.sinks\[0\]\.url: /);
    expect(problemsOf(() => parseAlertsConfig({ sinks: [{ type: 'console' }, { type: 'console' }] }))).toEqual(['alerts.sinks[1].name: duplicate sink name "console"']);
  });
});

describe('runbooks', () => {
  it('docs/runbooks.md has a section for every default rule, under the anchor its notifications link to', async () => {
    const { readFileSync } = await import('node:fs');
    const text = readFileSync(new URL('../../docs/runbooks.md', import.meta.url), 'utf8');
    for (const r of resolveAlertRules()) {
      expect(text, r.id).toContain(`<a id="${r.runbook}"></a>\n## `);
      expect(text, r.id).toContain(`(\`${r.id}\`)`);
    }
  });
});
