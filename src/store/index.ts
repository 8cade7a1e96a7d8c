export { openStore, STORE_DEFAULTS, type OpenStoreOptions } from './open.ts';
export type { LatencyPercentiles, ResultQuery, Store, TimeWindow } from './store.ts';
export { StoreError, type StoreErrorCode } from './errors.ts';
export { migrate, schemaVersion, checkMigrations, type Migration } from './migration.ts';
export { MIGRATIONS } from './migrations.ts';
export { hasPercentileCont, percentileQuery } from './percentiles.ts';
export { lastReconciliation, reconciliationAt, saveReconciliation, type ReconciliationRecord, type ReconciliationRow } from './reconciliation-record.ts';
