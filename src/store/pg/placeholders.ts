/**
 * SQLite-style placeholders to PostgreSQL's: `?` becomes `$1`, `$2`, ... in order, and `@name`
 * becomes `$k` (one number per distinct name). String literals, quoted identifiers and comments
 * are left alone, so a `?` inside `'...'` stays a `?`. (Internal.)
 */

export interface Translated {
  text: string;
  /** Named placeholders in `$n` order, or null when the text uses `?` (or none). */
  names: string[] | null;
  /** How many `?` placeholders, or `$n` ones already in PostgreSQL's form. */
  positional: number;
}

const cache = new Map<string, Translated>();

/** Translates `sql` (cached: statements are prepared again and again with the same text). */
export function translatePlaceholders(sql: string): Translated {
  const hit = cache.get(sql);
  if (hit) return hit;
  let out = '';
  let positional = 0;
  let numbered = 0;
  const names: string[] = [];
  let i = 0;
  while (i < sql.length) {
    const c = sql[i]!;
    if (c === "'" || c === '"') {
      const end = closing(sql, i, c);
      out += sql.slice(i, end);
      i = end;
    } else if (c === '-' && sql[i + 1] === '-') {
      const end = sql.indexOf('\n', i);
      const stop = end === -1 ? sql.length : end;
      out += sql.slice(i, stop);
      i = stop;
    } else if (c === '/' && sql[i + 1] === '*') {
      const end = sql.indexOf('*/', i + 2);
      const stop = end === -1 ? sql.length : end + 2;
      out += sql.slice(i, stop);
      i = stop;
    } else if (c === '$' && /[0-9]/.test(sql[i + 1] ?? '') && !/[A-Za-z0-9_]/.test(sql[i - 1] ?? '')) {
      const m = /^[0-9]+/.exec(sql.slice(i + 1))!;
      numbered = Math.max(numbered, Number(m[0]));
      out += `$${m[0]}`;
      i += 1 + m[0].length;
    } else if (c === '?') {
      out += `$${++positional}`;
      i++;
    } else if (c === '@' && /[A-Za-z_]/.test(sql[i + 1] ?? '')) {
      const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(sql.slice(i + 1))!;
      let k = names.indexOf(m[0]);
      if (k === -1) k = names.push(m[0]) - 1;
      out += `$${k + 1}`;
      i += 1 + m[0].length;
    } else {
      out += c;
      i++;
    }
  }
  if ((positional > 0 || numbered > 0) && names.length > 0) throw new Error(`SQL mixes ? and @name placeholders: ${sql.slice(0, 120)}`);
  const t: Translated = { text: out, names: names.length > 0 ? names : null, positional: positional + numbered };
  if (cache.size > 2000) cache.clear();
  cache.set(sql, t);
  return t;
}

/** Index just past the literal or identifier opened by `quote` at `start` (doubled quotes escape). */
function closing(sql: string, start: number, quote: string): number {
  let i = start + 1;
  while (i < sql.length) {
    if (sql[i] === quote) {
      if (sql[i + 1] === quote) i += 2;
      else return i + 1;
    } else i++;
  }
  return sql.length;
}

/** Parameter values for a translated statement: `?` values as given, `@name` values from the one object. */
export function bindValues(t: Translated, params: readonly unknown[]): unknown[] {
  // A statement without placeholders ignores a (named-values) object, as better-sqlite3 does.
  if (t.names === null && t.positional === 0) return [];
  if (t.names === null) return params.map(toPg);
  const bag = params[0];
  if (params.length !== 1 || typeof bag !== 'object' || bag === null) throw new TypeError('named parameters (@name) need one object of values');
  return t.names.map((n) => {
    if (!(n in bag)) throw new RangeError(`Missing named parameter "${n}"`);
    return toPg((bag as Record<string, unknown>)[n]);
  });
}

function toPg(v: unknown): unknown {
  if (v === undefined) return null;
  if (typeof v === 'bigint') return v.toString();
  return v;
}
