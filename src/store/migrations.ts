/**
 * Every migration, in order. To add one (alert state, sink outbox, ...): write
 * `migrations/000N-<name>.ts` exporting a Migration with the next version, and append it here.
 */
import type { Migration } from './migration.ts';
import { results } from './migrations/0001-results.ts';
import { resultsSeriesCover } from './migrations/0004-results-series-cover.ts';
import { spendReservations } from './migrations/0005-spend-reservations.ts';
import { alertOutboxLease } from './migrations/0006-alert-outbox-lease.ts';
import { fleet } from './migrations/0007-fleet.ts';
import { spendBuckets } from './migrations/0008-spend-buckets.ts';
import { pgLeanIndexes } from './migrations/0009-pg-lean-indexes.ts';
import { alertOutboxMigration, alertStateMigration } from '../alerts/schema.ts';

export const MIGRATIONS: readonly Migration[] = [results, alertStateMigration, alertOutboxMigration, resultsSeriesCover, spendReservations, alertOutboxLease, fleet, spendBuckets, pgLeanIndexes];
