/** The run table and progress lines: failure kinds, whole words, money without float noise. */
import { describe, expect, it } from 'vitest';
import { progressLine, REASON_CHARS, resultTable } from '../../src/cli/format.ts';
import { result } from '../alerts/helpers.ts';

const failed = result(0, {
  outcome: 'fail',
  assertions: [{ name: 'contains "pineapple"', pass: false, reason: 'expected text to contain "pineapple", got "Sorry"' }],
  error_message: `assertion contains "pineapple": expected text to contain "pineapple", got "${'A healthy service answers every request quickly and correctly '.repeat(4)}"`,
  cost_usd: 0.000023999999999999997,
});

describe('run output', () => {
  it('the error column names the failure kind of a failed run, where it showed "-"', () => {
    const row = resultTable([failed]).split('\n')[2]!;
    expect(row).toMatch(/\sfail\s+simulator\s.*\sassertion_failed$/);
    const flagOnly = result(0, { outcome: 'fail', flags: ['refusal'], error_message: 'flag refusal: refusal phrase "I can\'t" near the start' });
    expect(resultTable([flagOnly]).split('\n')[2]).toMatch(/\srefusal quality_failed$/);
    expect(resultTable([result(0, { outcome: 'error', error_kind: 'timeout' })]).split('\n')[2]).toMatch(/\stimeout$/);
  });

  it('a long reason ends at a word boundary with an ellipsis, never mid-word', () => {
    const line = progressLine(failed);
    const reason = line.slice(line.indexOf('assertion_failed ') + 'assertion_failed '.length);
    expect(reason.endsWith('…')).toBe(true);
    expect(reason.length).toBeLessThanOrEqual(REASON_CHARS + 1);
    const kept = reason.slice(0, -1);
    expect(failed.error_message!.startsWith(kept)).toBe(true);
    expect(failed.error_message![kept.length]).toMatch(/\s/); // the next character was a space: a whole word ends here
  });

  it('money reads without float noise', () => {
    expect(progressLine(failed)).toContain(' $0.000024 ');
    expect(resultTable([failed, failed])).toContain('spend $0.000048');
    expect(progressLine(failed)).not.toContain('0.0000239');
  });
});
