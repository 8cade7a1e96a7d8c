/**
 * When `claude-canary reconcile` last ran: the seam between `doctor` and reconciliation, which
 * records its newest outcome beside the store (`<db>.reconcile.json`, src/store/reconciliation-record.ts).
 */
import type { ResolvedConfig } from '../config/index.ts';
import { reconciliationAt } from '../store/reconciliation-record.ts';

/** Epoch ms of the newest reconciliation recorded for this config's store, or null when none. */
export function lastReconciliationAt(config: ResolvedConfig): number | null {
  return reconciliationAt(config.db)?.ran_at ?? null;
}
