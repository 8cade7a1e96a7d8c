/** The doctor's report for people: one line per check (status, id, what was found), then its fix. */
import type { DoctorReport } from './run-doctor.ts';

const LABEL = { pass: 'PASS', warn: 'WARN', fail: 'FAIL', skip: 'SKIP' } as const;

export function doctorTable(report: DoctorReport): string {
  const width = Math.max(...report.checks.map((c) => c.id.length));
  const pad = ' '.repeat(6 + width + 2);
  const lines: string[] = [];
  for (const c of report.checks) {
    const [first, ...rest] = c.detail.split('\n');
    lines.push(`${LABEL[c.status]}  ${c.id.padEnd(width)}  ${first}`);
    for (const r of rest) lines.push(`${pad}${r}`);
    lines.push(`${pad}checked: ${c.checked}`);
    lines.push(`${pad}fix: ${c.fix}`);
  }
  const { pass, warn, fail, skip } = report.counts;
  lines.push('', `${pass} passed, ${warn} warned, ${fail} failed, ${skip} skipped${fail > 0 ? ' (exit 1)' : ''}`);
  return `${lines.join('\n')}\n`;
}
