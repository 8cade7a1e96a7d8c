/**
 * Every migration, in order. To add one (alert state, sink outbox, ...): write
 * `migrations/000N-<name>.ts` exporting a Migration with the next version, and append it here.
 */
import type { Migration } from './migration.ts';
import { results } from './migrations/0001-results.ts';
import { resultsSeriesCover } from './migrations/0004-results-series-cover.ts';
import { alertOutboxLease } from './migrations/0006-alert-outbox-lease.ts';
import { alertOutboxMigration, alertStateMigration } from '../alerts/schema.ts';

// PLACEHOLDER (branch trust-delivery only): version 5 belongs to another branch of issue #16.
// It stands in so this branch's list stays gap-free; drop it when the real 0005 is merged
// (checkMigrations throws on two version-5 entries, so it cannot survive a merge unnoticed).
const reserved5: Migration = { version: 5, name: 'reserved_for_0005', up: '' };

export const MIGRATIONS: readonly Migration[] = [results, alertStateMigration, alertOutboxMigration, resultsSeriesCover, reserved5, alertOutboxLease];
