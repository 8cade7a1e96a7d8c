/** Fixtures for the rule-kind tests: a real store (in-memory SQLite unless told) and a rule evaluated directly. */
import { RuleSchema, type RuleInput } from '../../src/alerts/rule-schema.ts';
import { compileRule } from '../../src/alerts/kinds/registry.ts';
import type { Evaluator, HandlerContext, SeriesSchedule } from '../../src/alerts/kinds/types.ts';
import type { ProbeResult } from '../../src/shared/types.ts';
import { openStore, type Store } from '../../src/store/index.ts';
import { result } from './helpers.ts';

export const T0 = Date.UTC(2026, 2, 10, 8, 0);

const COMMON = { summary: 'test rule', severity: 'warning', runbook: 'test' } as const;

/** A validated rule of any kind (id `r`, defaults applied). */
export function rule(input: Record<string, unknown> & { kind: RuleInput['kind'] }) {
  return RuleSchema.parse({ id: 'r', ...COMMON, ...input });
}

const open: Store[] = [];

/** Closes every store {@link evaluator} opened (call in afterEach). */
export function closeStores(): void {
  for (const s of open.splice(0)) s.close();
}

type Input = Record<string, unknown> & { kind: RuleInput['kind'] };
type Ctx = Partial<HandlerContext> & { schedules?: () => readonly SeriesSchedule[] | null };
type Evaluated = { store: Store; evaluate: Evaluator; add: (...r: ProbeResult[]) => void };

/** An in-memory store with `results` inserted, and the rule's evaluator on it. */
export function evaluator(input: Input, results: ProbeResult[] = [], ctx: Ctx = {}): Evaluated {
  return evaluatorAt(':memory:', input, results, ctx);
}

/** {@link evaluator} on the store at `location` (a file, or a fresh PostgreSQL database's URL). */
export function evaluatorAt(location: string, input: Input, results: ProbeResult[] = [], ctx: Ctx = {}): Evaluated {
  const store = openStore(location);
  open.push(store);
  store.insertResults(results);
  const evaluate = compileRule(store.db, rule(input), { schedules: () => null, startedAt: T0, ...ctx });
  return { store, evaluate, add: (...r) => void store.insertResults(r) };
}

/** `n` results at `t` (each a distinct run). */
export const many = (n: number, t: number, over: Partial<ProbeResult> = {}): ProbeResult[] => Array.from({ length: n }, () => result(t, over));
