/**
 * Batched result inserts on PostgreSQL: one statement per {@link PG_BATCH_ROWS} rows, the values
 * sent as one array per column and expanded with `unnest`. The statement has 28 parameters
 * whatever the batch size, so it is parsed and planned once per connection, and a round trip
 * (and the worker hand-off) carries thousands of rows. Duplicates (same run_id) are skipped as
 * the single-row insert does. (Internal.)
 */
import type { ProbeResult } from '../../shared/types.ts';
import type { Db } from '../db.ts';
import { ROW_COLUMNS, toRow, type ResultRow } from '../result-row.ts';

/** Rows per INSERT statement. */
export const PG_BATCH_ROWS = 5000;

const PG_TYPES: Record<(typeof ROW_COLUMNS)[number], string> = {
  run_id: 'text', probe_id: 'text', model: 'text', target: 'text', runner_id: 'text', region: 'text',
  started_at: 'int8', finished_at: 'int8', outcome: 'text', error_kind: 'text', error_message: 'text',
  attempts: 'int4', latency_ms: 'float8', ttft_ms: 'float8', input_tokens: 'int8', output_tokens: 'int8',
  cache_creation_input_tokens: 'int8', cache_read_input_tokens: 'int8', usage: 'text', cost_usd: 'float8',
  unpriced: 'int4', stop_reason: 'text', request_id: 'text', context_utilisation: 'float8', flags: 'text',
  assertions: 'text', output_sha256: 'text', output_preview: 'text',
};

const SQL = `INSERT INTO results (${ROW_COLUMNS.join(', ')})
  SELECT * FROM unnest(${ROW_COLUMNS.map((c, i) => `$${i + 1}::${PG_TYPES[c]}[]`).join(', ')})
  ON CONFLICT (run_id) DO NOTHING`;

/** Returns `insertResults` for a PostgreSQL connection: every batch in one transaction. */
export function pgBatchInsert(db: Db): (results: readonly ProbeResult[]) => number {
  // `?` placeholders would be renumbered the same way: the text is already in $n form.
  const stmt = db.prepare({ sqlite: '', postgres: SQL });
  const run = db.transaction((results: readonly ProbeResult[]) => {
    let added = 0;
    for (let at = 0; at < results.length; at += PG_BATCH_ROWS) {
      const rows = results.slice(at, at + PG_BATCH_ROWS).map(toRow);
      const columns = ROW_COLUMNS.map((c) => rows.map((r: ResultRow) => r[c]));
      added += stmt.run(...columns).changes;
    }
    return added;
  });
  return (results) => (results.length === 0 ? 0 : run(results));
}
