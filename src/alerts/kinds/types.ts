/** The contract between the engine and a rule kind's SQL evaluation (internal). */
import type { Database } from 'better-sqlite3';
import type { RuleKind, RuleOf } from '../rule-schema.ts';

/** One label set's reading at one evaluation. */
export interface Observation {
  /** Group-by labels, e.g. `{ model: 'claude-haiku-4-5' }` (empty when the rule has no group_by). */
  labels: Record<string, string>;
  /** The measured value (share 0..1, ms, USD, utilisation 0..1, burn rate); null with no data. */
  value: number | null;
  /** The threshold the value was compared with. */
  threshold: number;
  /** Results the value is computed over. */
  samples: number;
  /** The trigger condition holds (and samples >= min_samples). */
  breach: boolean;
  /** The stay-firing condition holds (hysteresis: the clear threshold; else same as breach). */
  sustain: boolean;
  /** Extra context for people, e.g. which burn-rate window pair fired. */
  detail?: string;
}

/** Evaluates one rule at `now` (epoch ms), in SQL. May keep state between calls (incremental sums). */
export type Evaluator = (now: number) => Observation[];

/** Prepares a rule's statements once; the evaluator runs every tick. */
export type Handler<K extends RuleKind> = (db: Database, rule: RuleOf<K>) => Evaluator;

/** Exhaustive table of handlers: adding a kind does not compile until it has one. */
export type HandlerTable = { [K in RuleKind]: Handler<K> };
