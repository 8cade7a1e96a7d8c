import type { Migration } from '../migration.ts';

/** Width of a spend bucket: 15 minutes, so a day or month start in any UTC offset is a bucket boundary. */
export const SPEND_BUCKET_MS = 900_000;

/**
 * Spend per 15-minute bucket of `started_at`, on PostgreSQL only (issue #19): `spendSince` runs
 * before every probe run (the budget check), and summing a week of results each time cost about
 * half a second at a million rows. Statement-level triggers keep `spend_buckets` in step with
 * `results` inside the same transaction as the insert (or delete, or update), so a reader's
 * snapshot always sees both agree, whichever runner wrote and in whatever order transactions
 * commit (no reliance on id order, which PostgreSQL does not give in commit order). A spend read
 * is then the buckets wholly inside the window plus the rows of its first, partial bucket.
 * The table is filled from the results already stored.
 *
 * SQLite keeps its in-process running total (spend.ts): one writer at a time gives it ids in
 * commit order. Nothing to do there.
 */
export const spendBuckets: Migration = {
  version: 8,
  name: 'spend_buckets',
  up: () => {},
  postgres: `
    CREATE TABLE spend_buckets (
      bucket BIGINT PRIMARY KEY,
      cost_usd DOUBLE PRECISION NOT NULL
    );
    CREATE FUNCTION results_spend_buckets() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP IN ('DELETE', 'UPDATE') THEN
        INSERT INTO spend_buckets (bucket, cost_usd)
          SELECT floor(started_at::float8 / ${SPEND_BUCKET_MS})::bigint, -sum(cost_usd) FROM old_rows WHERE cost_usd IS NOT NULL GROUP BY 1 ORDER BY 1
          ON CONFLICT (bucket) DO UPDATE SET cost_usd = spend_buckets.cost_usd + excluded.cost_usd;
      END IF;
      IF TG_OP IN ('INSERT', 'UPDATE') THEN
        INSERT INTO spend_buckets (bucket, cost_usd)
          SELECT floor(started_at::float8 / ${SPEND_BUCKET_MS})::bigint, sum(cost_usd) FROM new_rows WHERE cost_usd IS NOT NULL GROUP BY 1 ORDER BY 1
          ON CONFLICT (bucket) DO UPDATE SET cost_usd = spend_buckets.cost_usd + excluded.cost_usd;
      END IF;
      RETURN NULL;
    END $$;
    CREATE TRIGGER results_spend_insert AFTER INSERT ON results
      REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION results_spend_buckets();
    CREATE TRIGGER results_spend_delete AFTER DELETE ON results
      REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION results_spend_buckets();
    CREATE TRIGGER results_spend_update AFTER UPDATE ON results
      REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION results_spend_buckets();
    INSERT INTO spend_buckets (bucket, cost_usd)
      SELECT floor(started_at::float8 / ${SPEND_BUCKET_MS})::bigint, sum(cost_usd) FROM results WHERE cost_usd IS NOT NULL GROUP BY 1;
  `,
};
