/**
 * When `claude-canary reconcile` last ran: the seam between `doctor` and reconciliation.
 *
 * Reconciliation (issue #18, branch issue18-reconcile) is built in parallel and does not exist
 * on this branch, so this returns null ("never run") today. After merging, make it read the
 * newest reconciliation time from where reconcile records it (e.g. the newest row of its runs
 * table in the store at `config.db`), returning epoch ms, or null when it has never run. The
 * `reconciliation` check and its tests need no other change.
 */
import type { ResolvedConfig } from '../config/index.ts';

/** Epoch ms of the newest reconciliation recorded for this config's store, or null when none. */
export function lastReconciliationAt(_config: ResolvedConfig): number | null {
  return null;
}
