/** The Store interface: what the runner, alerts, budgets and reports read and write. */
import type { Db } from './db.ts';
import type { ProbeResult } from '../shared/types.ts';
import type { SpendReservationOutcome, SpendReservationRequest } from './spend.ts';

export interface TimeWindow {
  /** Inclusive lower bound, epoch ms (on `started_at`). */
  since: number;
  /** Exclusive upper bound, epoch ms. Default: no upper bound. */
  until?: number;
}

export interface ResultQuery extends TimeWindow {
  probeId?: string;
  model?: string;
  /** At most this many rows (oldest first). Default: no limit. */
  limit?: number;
}

export interface LatencyPercentiles {
  probe_id: string;
  model: string;
  /** Results with a latency in the window. */
  count: number;
  /** Linear-interpolated percentiles (the `percentile_cont` definition), ms. */
  p50: number;
  p95: number;
}

export interface Store {
  /** The database file path (`:memory:` allowed), or the PostgreSQL URL with its password masked. */
  readonly path: string;
  /** The underlying connection (SQLite or PostgreSQL, see db.ts), for parts with their own tables. */
  readonly db: Db;
  /** Inserts one result; false when its run_id is already stored (idempotent after a restart). */
  insertResult(result: ProbeResult): boolean;
  /** Inserts results in one transaction; returns how many were new (duplicates are ignored). */
  insertResults(results: readonly ProbeResult[]): number;
  /** Results whose `started_at` is in the window, oldest first. */
  queryResults(query: ResultQuery): ProbeResult[];
  /** p50/p95 latency per probe and model over a window, computed in SQL. */
  latencyPercentiles(window: TimeWindow): LatencyPercentiles[];
  /**
   * Total `cost_usd` of results started at or after `sinceMs` (unpriced results count 0),
   * including rows other connections inserted. Repeated calls with the same `sinceMs` (a day or
   * month start) only read rows inserted since the previous call (SQLite), or per-15-minute
   * spend buckets kept by triggers (PostgreSQL, migration 8).
   */
  spendSince(sinceMs: number): number;
  /**
   * Reserves spend for a run, or adds to its reservation (same id), if spend since each limit's
   * start plus every live reservation (any process's) plus this amount stays at or under each
   * cap; checked and written in one IMMEDIATE transaction (an advisory-locked one on PostgreSQL). Expired reservations are dropped first.
   */
  reserveSpend(request: SpendReservationRequest): SpendReservationOutcome;
  /** Stores the run's result (when given) and drops its reservation, in one transaction; true when the result was new. */
  settleSpend(reservationId: string, result: ProbeResult | null): boolean;
  /** Output tokens of the series' `n` most recent results with usage, newest first. */
  recentOutputTokens(probeId: string, model: string, n: number): number[];
  /** Latencies of the series' `n` most recent results with a latency, newest first. */
  recentLatencies(probeId: string, model: string, n: number): number[];
  /** Schema version now applied. */
  schemaVersion(): number;
  close(): void;
}
