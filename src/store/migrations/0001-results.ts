import type { Migration } from '../migration.ts';

/**
 * Probe results. The columns alerts and reports filter or aggregate on are real columns; the
 * rest of usage, and assertions, are JSON text. `flags` is a JSON array of QualityFlag strings
 * (query with `json_each(flags)`).
 */
export const results: Migration = {
  version: 1,
  name: 'results',
  up: `
    CREATE TABLE results (
      id INTEGER PRIMARY KEY,
      run_id TEXT NOT NULL UNIQUE,
      probe_id TEXT NOT NULL,
      model TEXT NOT NULL,
      target TEXT NOT NULL,
      runner_id TEXT NOT NULL,
      region TEXT NOT NULL,
      started_at INTEGER NOT NULL,
      finished_at INTEGER NOT NULL,
      outcome TEXT NOT NULL CHECK (outcome IN ('pass', 'fail', 'error', 'skipped')),
      error_kind TEXT,
      error_message TEXT,
      attempts INTEGER NOT NULL,
      latency_ms REAL,
      ttft_ms REAL,
      input_tokens INTEGER,
      output_tokens INTEGER,
      cache_creation_input_tokens INTEGER,
      cache_read_input_tokens INTEGER,
      usage TEXT,
      cost_usd REAL,
      unpriced INTEGER NOT NULL DEFAULT 0,
      stop_reason TEXT,
      request_id TEXT,
      context_utilisation REAL,
      flags TEXT NOT NULL DEFAULT '[]',
      assertions TEXT NOT NULL DEFAULT '[]',
      output_sha256 TEXT,
      output_preview TEXT
    );
    -- Time windows over every series; covers the percentile and spend queries (no table lookups).
    CREATE INDEX results_started_at ON results (started_at, probe_id, model, latency_ms, cost_usd);
    -- One series' window and its most recent runs (drift baseline). Replaced in migration 4.
    CREATE INDEX results_series_started_at ON results (probe_id, model, started_at);
  `,
};
