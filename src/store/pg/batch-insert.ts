/**
 * Batched result inserts on PostgreSQL with `COPY ... FROM STDIN` (rows in COPY's text format,
 * handed to the worker in chunks of {@link PG_CHUNK_ROWS} while the next chunk is built, so this
 * thread's work and the server's overlap), keeping the insert idempotent (run_id is unique):
 * - first, in a savepoint, COPY straight into `results`: the usual case, a batch of new runs;
 * - when that hits a duplicate run_id (a batch stored again after a restart, or a run another
 *   runner stored meanwhile), the savepoint is rolled back and the batch is copied into a
 *   per-connection TEMP staging table instead, then moved with one
 *   `INSERT ... SELECT ... ON CONFLICT (run_id) DO NOTHING`, which skips the duplicates as the
 *   single-row insert does and counts only the new rows.
 * Measured on 200k rows (`npx tsx bench/store.bench.ts`, shared machine): unnest of column
 * arrays 18k rows/s; staging + INSERT ... SELECT 19k rows/s (the speculative insert of
 * ON CONFLICT costs as much as the parameter parsing COPY saves); COPY straight in 32k rows/s.
 * Streaming the chunks (build chunk k+1 while chunk k is sent and ingested), then migration 9's
 * leaner indexes: 25k -> 41-43k rows/s at 200k rows, back to back with the former code, load 2.5-3.2.
 * Everything runs in the caller's transaction (`db.transaction`: a savepoint when nested), so a
 * failure leaves nothing behind. (Internal.)
 */
import type { ProbeResult } from '../../shared/types.ts';
import type { Db } from '../db.ts';
import { ROW_COLUMNS } from '../result-row.ts';
import type { PgDb } from './pg-db.ts';

/** Rows per COPY (a larger call is sent in several, in the same transaction). */
export const PG_BATCH_ROWS = 20_000;

const COLUMNS = ROW_COLUMNS.join(', ');

/**
 * The staging table: `results`' column types, no constraints, emptied at every commit; created
 * on first use by each connection (and again after a rollback undid its creation).
 */
const STAGE_SQL = `CREATE TEMP TABLE IF NOT EXISTS results_stage ON COMMIT DELETE ROWS AS SELECT ${COLUMNS} FROM results WITH NO DATA;
  TRUNCATE results_stage`;
const COPY_STAGE_SQL = `COPY results_stage (${COLUMNS}) FROM STDIN`;
const COPY_DIRECT_SQL = `COPY results (${COLUMNS}) FROM STDIN`;
/** PostgreSQL's unique_violation. */
const UNIQUE_VIOLATION = '23505';
const MOVE_SQL = `INSERT INTO results (${COLUMNS}) SELECT ${COLUMNS} FROM results_stage ON CONFLICT (run_id) DO NOTHING`;

const SPECIAL = /[\\\t\n\r]/g;
const HAS_SPECIAL = /[\\\t\n\r]/;
const ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

/** One value in COPY's text format: `\N` for null, backslash escapes for the delimiter, newlines and backslash. */
export function copyText(v: unknown): string {
  if (v === null || v === undefined) return '\\N';
  if (typeof v === 'string') return HAS_SPECIAL.test(v) ? v.replace(SPECIAL, (c) => ESCAPES[c]!) : v;
  return String(v);
}

/** Rows per chunk handed to the worker while the next is built (see `SyncPgClient.copyFromChunks`). */
export const PG_CHUNK_ROWS = 500;

const x = copyText;
const NULL = '\\N';
const num = (v: number | null | undefined): string => (v === null || v === undefined ? NULL : String(v));

/**
 * One result's values as COPY text, in {@link ROW_COLUMNS} order, written into `v` (the same
 * values as `toRow`, without the intermediate row object). Joined with tabs by the caller: V8
 * joins an array of flat strings faster than it flattens a template of 28 parts.
 */
function copyValues(r: ProbeResult, v: string[]): void {
  const u = r.usage;
  v[0] = x(r.run_id);
  v[1] = x(r.probe_id);
  v[2] = x(r.model);
  v[3] = x(r.target);
  v[4] = x(r.runner_id);
  v[5] = x(r.region);
  v[6] = num(r.started_at);
  v[7] = num(r.finished_at);
  v[8] = x(r.outcome);
  v[9] = x(r.error_kind);
  v[10] = x(r.error_message);
  v[11] = num(r.attempts);
  v[12] = num(r.latency_ms);
  v[13] = num(r.ttft_ms);
  v[14] = num(u?.input_tokens);
  v[15] = num(u?.output_tokens);
  v[16] = num(u?.cache_creation_input_tokens);
  v[17] = num(u?.cache_read_input_tokens);
  v[18] = u ? x(JSON.stringify(u)) : NULL;
  v[19] = num(r.cost_usd);
  v[20] = r.unpriced ? '1' : '0';
  v[21] = x(r.stop_reason);
  v[22] = x(r.request_id);
  v[23] = num(r.context_utilisation);
  v[24] = r.flags.length === 0 ? '[]' : x(JSON.stringify(r.flags));
  v[25] = r.assertions.length === 0 ? '[]' : x(JSON.stringify(r.assertions));
  v[26] = x(r.output_sha256);
  v[27] = x(r.output_preview);
}

/** Rows `results[from, to)` in COPY's text format: tab between values, a newline after each row. */
export function copyRows(results: readonly ProbeResult[], from = 0, to = results.length): string {
  const lines: string[] = new Array(to - from);
  const values: string[] = new Array(ROW_COLUMNS.length);
  for (let k = from; k < to; k++) {
    copyValues(results[k]!, values);
    lines[k - from] = values.join('\t');
  }
  return lines.join('\n') + '\n';
}

/** The COPY text of `results[from, to)` in chunks of {@link PG_CHUNK_ROWS}, each also kept in `keep` (for a retry). */
function* chunksOf(results: readonly ProbeResult[], from: number, to: number, keep: string[]): Generator<string> {
  for (let at = from; at < to; at += PG_CHUNK_ROWS) {
    const chunk = copyRows(results, at, Math.min(at + PG_CHUNK_ROWS, to));
    keep.push(chunk);
    yield chunk;
  }
}

/** Returns `insertResults` for a PostgreSQL connection: every batch in one transaction. */
export function pgBatchInsert(db: Db): (results: readonly ProbeResult[]) => number {
  const { client } = db as PgDb;
  const move = db.prepare(MOVE_SQL);
  const direct = db.transaction((chunks: Iterable<string>) => client.copyFromChunks(COPY_DIRECT_SQL, chunks));
  const staged = (chunks: readonly string[]) => {
    db.exec(STAGE_SQL);
    client.copyFromChunks(COPY_STAGE_SQL, chunks);
    return move.run().changes;
  };
  const run = db.transaction((results: readonly ProbeResult[]) => {
    let added = 0;
    for (let at = 0; at < results.length; at += PG_BATCH_ROWS) {
      const built: string[] = [];
      try {
        added += direct(chunksOf(results, at, Math.min(at + PG_BATCH_ROWS, results.length), built));
      } catch (e) {
        if ((e as { code?: unknown }).code !== UNIQUE_VIOLATION) throw e;
        added += staged(built);
      }
    }
    return added;
  });
  return (results) => (results.length === 0 ? 0 : run(results));
}
