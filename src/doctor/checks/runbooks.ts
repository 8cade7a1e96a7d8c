/** `runbooks`: every enabled alert rule's runbook anchor exists in the package's docs/runbooks.md. */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAlertsConfig, resolveAlertRules } from '../../alerts/index.ts';
import { packageRoot } from '../../shared/package-root.ts';
import type { CheckResult, DoctorContext } from '../types.ts';

/** Anchors a Markdown file defines: explicit `<a id>` / `<a name>` tags and GitHub heading slugs. */
export function markdownAnchors(text: string): Set<string> {
  const out = new Set<string>();
  for (const m of text.matchAll(/<a\s+(?:id|name)="([^"]+)"/g)) out.add(m[1]!);
  for (const m of text.matchAll(/^#{1,6}\s+(.+)$/gm)) {
    out.add(m[1]!.trim().toLowerCase().replace(/[^\p{L}\p{N}\s_-]/gu, '').replace(/\s/g, '-'));
  }
  return out;
}

export function checkRunbooks(ctx: DoctorContext): CheckResult {
  const file = join(packageRoot(), 'docs', 'runbooks.md');
  const checked = `every enabled alert rule has a runbook anchor in ${file}`;
  let rules;
  let ownBase: string | undefined;
  try {
    const alerts = parseAlertsConfig(ctx.config.alerts);
    ownBase = alerts.runbook_base_url;
    rules = resolveAlertRules(alerts.rules ?? [], { budgets: ctx.config.budgets });
  } catch (err) {
    return { id: 'runbooks', status: 'fail', checked, detail: (err as Error).message, fix: 'correct alerts.rules in claude-canary.config.ts' };
  }
  if (!existsSync(file)) {
    return { id: 'runbooks', status: 'warn', checked, detail: `${file} is not there (this install ships no docs), so anchors cannot be checked`, fix: 'set alerts.runbook_base_url to your runbooks and keep one section per rule' };
  }
  const anchors = markdownAnchors(readFileSync(file, 'utf8'));
  const missing = rules.filter((r) => !anchors.has(r.runbook));
  if (missing.length > 0) {
    return {
      id: 'runbooks',
      // With runbooks of their own (alerts.runbook_base_url) the anchor may be there: not verifiable offline.
      status: ownBase && ownBase !== 'docs/runbooks.md' ? 'warn' : 'fail',
      checked,
      detail: `no runbook for ${missing.map((r) => `${r.id} (#${r.runbook})`).join(', ')}`,
      fix: `write a section with <a id="<anchor>"></a> for each in your runbooks (alerts.runbook_base_url), or set the rule's runbook to an existing anchor`,
    };
  }
  return { id: 'runbooks', status: 'pass', checked, detail: `${rules.length} enabled rules, each with its runbook anchor`, fix: 'give every new rule a runbook section' };
}
