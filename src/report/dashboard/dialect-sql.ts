/**
 * The few places where the dashboard's SQL differs between SQLite and PostgreSQL, as small
 * builders: each query is written once, as a function of the dialect, and both texts are built
 * side by side with {@link both}. Everything else (CAST AS BIGINT, TEMP tables) is the same text
 * on both. (Internal.)
 */
import type { Dialect, SqlText } from '../../store/index.ts';

/** Both dialects' texts of one query. */
export const both = (build: (d: Dialect) => string): SqlText => ({ sqlite: build('sqlite'), postgres: build('postgres') });

/** `percentile_cont` (linear interpolation) of `col` at `q`: SQLite's two-argument form, the standard ordered-set form on PostgreSQL. */
export const pct = (d: Dialect, col: string, q: number): string =>
  d === 'postgres' ? `percentile_cont(${q}) WITHIN GROUP (ORDER BY ${col})` : `percentile_cont(${col}, ${q})`;

/** Rows of the group where `condition` holds: SQLite sums the comparison (its measured plan), PostgreSQL has no sum of booleans. */
export const countIf = (d: Dialect, condition: string): string =>
  d === 'postgres' ? `count(*) FILTER (WHERE ${condition})` : `coalesce(sum(${condition}), 0)`;

/** SQLite: walk the table (a rowid range) rather than an index. PostgreSQL plans on its own. */
export const notIndexed = (d: Dialect): string => (d === 'sqlite' ? ' NOT INDEXED' : '');

/** A number inside a JSON text column. */
export const jsonNumber = (d: Dialect, col: string, key: string): string =>
  d === 'postgres' ? `(${col}::json ->> '${key}')::bigint` : `json_extract(${col}, '$.${key}')`;

/** The elements of a JSON array of strings in `col`, as a FROM item `alias` with a `value` column. */
export const jsonStrings = (d: Dialect, col: string, alias: string): string =>
  d === 'postgres' ? `json_array_elements_text(${col}::json) AS ${alias}(value)` : `json_each(${col}) AS ${alias}`;
