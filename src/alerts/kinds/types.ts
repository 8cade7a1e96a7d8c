/** The contract between the engine and a rule kind's SQL evaluation (internal). */
import type { Db } from '../../store/index.ts';
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
  /**
   * The reading says something: enough samples (min_samples) to judge, or a value that is real
   * without samples (a new calendar day's spend of 0, a series' silence). When false the engine
   * keeps the alert's state as it is: no data never resolves (nor fires) an alert.
   */
  known: boolean;
  /** The trigger condition holds (and samples >= min_samples). */
  breach: boolean;
  /** The stay-firing condition holds (hysteresis: the clear threshold; else same as breach). */
  sustain: boolean;
  /** Extra context for people, e.g. which burn-rate window pair fired. */
  detail?: string;
}

/** Evaluates one rule at `now` (epoch ms), in SQL. May keep state between calls (incremental sums). */
export type Evaluator = (now: number) => Observation[];

/** One scheduled probe series and how often it should produce a result. */
export interface SeriesSchedule {
  probe_id: string;
  model: string;
  /** The longest gap between two consecutive slots of its cron schedule, ms. */
  interval_ms: number;
}

/** What the engine knows beyond the store, for kinds that need it (absence). */
export interface HandlerContext {
  /** The series expected to run now, or null when unknown (one-shot `run`, chaos): absence rules stay quiet. */
  schedules(): readonly SeriesSchedule[] | null;
  /** When this engine started (epoch ms): a series with no result yet is silent since then, not forever. */
  startedAt: number;
}

/** Prepares a rule's statements once; the evaluator runs every tick. */
export type Handler<K extends RuleKind> = (db: Db, rule: RuleOf<K>, ctx: HandlerContext) => Evaluator;

/** Exhaustive table of handlers: adding a kind does not compile until it has one. */
export type HandlerTable = { [K in RuleKind]: Handler<K> };
