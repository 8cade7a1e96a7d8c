import { describe, expect, it } from 'vitest';
import { formatTable, inMutateSet, summarise, type MutantOutcome, type MutantStatus } from '../../scripts/mutation-summary.ts';

const T = { perFile: 90, overall: 95 };
const mutants = (fileName: string, counts: Partial<Record<MutantStatus, number>>): MutantOutcome[] =>
  Object.entries(counts).flatMap(([status, n]) => Array.from({ length: n }, () => ({ fileName, status: status as MutantStatus })));

describe('mutation summary', () => {
  it('scores (killed + timeout) over the valid mutants; marked equivalents and errors stay outside', () => {
    const v = summarise(mutants('a.ts', { Killed: 17, Timeout: 1, Survived: 2, Ignored: 5, CompileError: 3 }), T, true);
    expect(v.rows).toEqual([{ file: 'a.ts', score: 90, killed: 17, survived: 2, noCoverage: 0, timeout: 1, equivalent: 5, errors: 3 }]);
    expect(v.failures).toEqual(['overall 90.00% is below 95%']);
  });

  it('fails a file below the per-file floor, but not one exactly at it', () => {
    const atFloor = summarise(mutants('a.ts', { Killed: 9, Survived: 1 }), T, false);
    expect(atFloor.failures).toEqual([]);
    const below = summarise([...mutants('a.ts', { Killed: 9, Survived: 1 }), ...mutants('b.ts', { Killed: 89, Survived: 11 })], T, false);
    expect(below.failures).toEqual(['b.ts: 89.00% is below 90%']);
  });

  it('fails any file with a mutant no test reaches, whatever its score', () => {
    const v = summarise(mutants('a.ts', { Killed: 99, NoCoverage: 1 }), T, true);
    expect(v.failures).toEqual(['a.ts: 1 mutant(s) no test reaches']);
  });

  it('checks the overall score on a full run only', () => {
    const results = [...mutants('a.ts', { Killed: 93, Survived: 7 }), ...mutants('b.ts', { Killed: 96, Survived: 4 })];
    expect(summarise(results, T, true).failures).toEqual(['overall 94.50% is below 95%']);
    expect(summarise(results, T, false).failures).toEqual([]);
    expect(summarise(mutants('a.ts', { Killed: 95, Survived: 5 }), T, true).failures).toEqual([]);
  });

  it('fails a run that left mutants pending, and scores a file with only marked mutants n/a', () => {
    const v = summarise([...mutants('a.ts', { Ignored: 2 }), ...mutants('b.ts', { Pending: 1 })], T, true);
    expect(v.rows.map((r) => r.score)).toEqual([null, null]);
    expect(v.failures).toEqual(['1 mutant(s) were not run']);
  });

  it('prints one line per file in name order, then the total', () => {
    const table = formatTable(summarise([...mutants('b.ts', { Killed: 3, Survived: 1 }), ...mutants('a.ts', { Killed: 2 })], T, true));
    const lines = table.split('\n');
    expect(lines[0]).toMatch(/^file\s+score\s+killed\s+survived\s+no cov\s+timeout\s+equiv\s+errors$/);
    expect(lines[2]).toMatch(/^a\.ts\s+100\.00%\s+2\s+0\s+0\s+0\s+0\s+0$/);
    expect(lines[3]).toMatch(/^b\.ts\s+75\.00%\s+3\s+1\s/);
    expect(lines[5]).toMatch(/^all files\s+83\.33%\s+5\s+1\s/);
  });

  it('selects the changed files of the mutate set: globs within one folder, exclusions, exact names', () => {
    const patterns = ['src/client/cost.ts', 'src/quality/*.ts', '!src/quality/index.ts', 'src/alerts/**/*.ts'];
    const changed = ['src/client/cost.ts', 'src/client/cost.tsx', 'src/quality/drift.ts', 'src/quality/index.ts', 'src/quality/sub/x.ts', 'src/alerts/kinds/max.ts', 'src/alerts/engine.ts', 'README.md'];
    expect(inMutateSet(changed, patterns)).toEqual(['src/client/cost.ts', 'src/quality/drift.ts', 'src/alerts/kinds/max.ts', 'src/alerts/engine.ts']);
  });
});
