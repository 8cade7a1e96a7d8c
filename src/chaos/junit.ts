/** JUnit XML for CI: one testsuite, a testcase per scenario, a failure listing its failed checks. */
import type { ChaosRun } from './types.ts';

function esc(s: string): string {
  return s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    // characters XML 1.0 forbids
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/g, '');
}

export function toJUnit(run: ChaosRun): string {
  const failures = run.scenarios.filter((s) => !s.pass && !s.error).length;
  const errors = run.scenarios.filter((s) => s.error).length;
  const cases = run.scenarios.map((s) => {
    const head = `    <testcase classname="chaos" name="${esc(s.id)}" file="${esc(s.file)}" time="${(s.wall_ms / 1000).toFixed(3)}">`;
    // A user-code scenario that failed carries what the service printed (secrets already masked).
    const printed = s.user?.output ? `\n      <system-err>${esc(s.user.output)}</system-err>` : '';
    const props = `      <system-out>${esc(`${s.description}\nvirtual time ${(s.virtual_ms / 1000).toFixed(1)} s, ${s.checks.length} checks`)}</system-out>${printed}`;
    if (s.error) return `${head}\n      <error message="${esc(s.error.split('\n')[0] ?? '')}">${esc(s.error)}</error>\n${props}\n    </testcase>`;
    if (!s.pass) {
      const failed = s.checks.filter((c) => !c.pass);
      const body = failed.map((c) => `${c.name}: expected ${c.expected}, got ${c.actual}`).join('\n');
      return `${head}\n      <failure message="${esc(`${failed.length} expectation(s) failed: ${failed[0]?.name ?? ''}`)}">${esc(body)}</failure>\n${props}\n    </testcase>`;
    }
    return `${head}\n${props}\n    </testcase>`;
  });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="claude-canary chaos" tests="${run.scenarios.length}" failures="${failures}" errors="${errors}" time="${(run.wall_ms / 1000).toFixed(3)}">`,
    `  <testsuite name="chaos${run.mutant ? ` (mutant ${esc(run.mutant)})` : ''}" tests="${run.scenarios.length}" failures="${failures}" errors="${errors}" timestamp="${run.started_at}" time="${(run.wall_ms / 1000).toFixed(3)}">`,
    ...cases,
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}
