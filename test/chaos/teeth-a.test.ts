import { describe, expect, test } from 'vitest';
import { MUTANTS } from '../../src/chaos/index.ts';
import { CAUGHT_BY, failingUnder } from './mutant-run.ts';

// Each broken variant of the production logic must make the suite fail, in the scenario(s) that
// exist to catch it. Split over two files so the two workers share the work.
const HALF = MUTANTS.slice(0, Math.ceil(MUTANTS.length / 2));

describe('the chaos suite has teeth (part 1)', () => {
  for (const m of HALF) {
    test(`fails against mutant ${m.name}: ${m.description}`, async () => {
      const failed = await failingUnder(m.name);
      expect(failed, `no scenario caught ${m.name}`).toEqual(expect.arrayContaining(CAUGHT_BY[m.name]!));
    }, 60_000);
  }
});
