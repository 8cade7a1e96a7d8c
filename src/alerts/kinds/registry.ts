/** Rule kind -> SQL handler. Exhaustive: a new kind in RULE_KINDS does not compile until listed. */
import type { Db } from '../../store/index.ts';
import type { Rule } from '../rule-schema.ts';
import { absenceHandler } from './absence.ts';
import { calendarSumHandler } from './calendar-sum.ts';
import { costDriftHandler } from './cost-drift.ts';
import { maxHandler } from './max.ts';
import { percentileHandler } from './percentile.ts';
import { perRegion, quorumEvaluator } from './quorum.ts';
import { shareHandler } from './share.ts';
import { sloBurnHandler } from './slo-burn.ts';
import type { Evaluator, Handler, HandlerContext, HandlerTable } from './types.ts';

export const HANDLERS: HandlerTable = {
  share: shareHandler,
  percentile: percentileHandler,
  calendar_sum: calendarSumHandler,
  max: maxHandler,
  slo_burn: sloBurnHandler,
  absence: absenceHandler,
  cost_drift: costDriftHandler,
};

/** Prepares the evaluator of one rule (a quorum rule: its kind per region, folded over regions). */
export function compileRule(db: Db, rule: Rule, ctx: HandlerContext): Evaluator {
  if ('quorum' in rule && rule.quorum) {
    const inner = { ...rule, group_by: perRegion(rule.group_by) };
    return quorumEvaluator((HANDLERS[rule.kind] as Handler<typeof rule.kind>)(db, inner as never, ctx), rule.quorum);
  }
  return (HANDLERS[rule.kind] as Handler<typeof rule.kind>)(db, rule as never, ctx);
}
