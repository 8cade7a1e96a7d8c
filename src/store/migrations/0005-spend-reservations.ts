import type { Migration } from '../migration.ts';

/**
 * Spend reservations: the worst case of every run in flight, in the database so that every
 * process on the file sees every other's (an in-memory total let two processes each fill the
 * whole cap). A row lives from the run's first attempt until its result is stored (the same
 * transaction deletes it), or until `expires_at` when the process that held it died.
 * Amounts are whole nano-dollars (1e-9 USD): integer sums have no float noise at the cap.
 */
export const spendReservations: Migration = {
  version: 5,
  name: 'spend_reservations',
  up: `
    CREATE TABLE spend_reservations (
      id TEXT PRIMARY KEY,
      holder TEXT NOT NULL,
      probe_id TEXT NOT NULL,
      model TEXT NOT NULL,
      amount_nusd INTEGER NOT NULL CHECK (amount_nusd >= 0),
      attempts INTEGER NOT NULL,
      created_at INTEGER NOT NULL,
      expires_at INTEGER NOT NULL
    );
    CREATE INDEX spend_reservations_expires_at ON spend_reservations (expires_at);
  `,
  postgres: `
    CREATE TABLE spend_reservations (
      id TEXT PRIMARY KEY,
      holder TEXT NOT NULL,
      probe_id TEXT NOT NULL,
      model TEXT NOT NULL,
      amount_nusd BIGINT NOT NULL CHECK (amount_nusd >= 0),
      attempts INTEGER NOT NULL,
      created_at BIGINT NOT NULL,
      expires_at BIGINT NOT NULL
    );
    CREATE INDEX spend_reservations_expires_at ON spend_reservations (expires_at);
  `,
};
