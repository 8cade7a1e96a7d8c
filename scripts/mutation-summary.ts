/**
 * The pure half of `npm run mutation` (scripts/mutation.ts): which files of the mutate set a change
 * touched, the per-file table, and the verdict against the thresholds. No I/O.
 */

/** The statuses Stryker gives a mutant (mutation-testing-report-schema). */
export type MutantStatus = 'Killed' | 'Survived' | 'NoCoverage' | 'CompileError' | 'RuntimeError' | 'Timeout' | 'Ignored' | 'Pending';

/** What the summary needs of a Stryker mutant result. */
export interface MutantOutcome {
  fileName: string;
  status: MutantStatus;
}

export interface FileRow {
  file: string;
  /** (killed + timeout) / (killed + timeout + survived + no coverage), in %; null with no valid mutant. */
  score: number | null;
  killed: number;
  survived: number;
  noCoverage: number;
  timeout: number;
  /** Marked equivalent in the source (`// Stryker disable next-line <Mutator>: <reason>`): status Ignored. */
  equivalent: number;
  /** Mutants that did not compile or crashed the run: excluded from the score, as Stryker does. */
  errors: number;
}

export interface Thresholds {
  /** Every file's score must be at least this (%). */
  perFile: number;
  /** The whole set's score must be at least this (%); checked on full runs only. */
  overall: number;
}

export interface Verdict {
  rows: FileRow[];
  total: FileRow;
  /** Why the run fails; empty when it passes. */
  failures: string[];
}

const score = (r: Omit<FileRow, 'score' | 'file'>): number | null => {
  const detected = r.killed + r.timeout;
  const valid = detected + r.survived + r.noCoverage;
  return valid === 0 ? null : (100 * detected) / valid;
};

function emptyRow(file: string): FileRow {
  return { file, score: null, killed: 0, survived: 0, noCoverage: 0, timeout: 0, equivalent: 0, errors: 0 };
}

function count(row: FileRow, status: MutantStatus): void {
  if (status === 'Killed') row.killed++;
  else if (status === 'Survived') row.survived++;
  else if (status === 'NoCoverage') row.noCoverage++;
  else if (status === 'Timeout') row.timeout++;
  else if (status === 'Ignored') row.equivalent++;
  else if (status === 'CompileError' || status === 'RuntimeError') row.errors++;
}

/**
 * Rows per file (sorted by name), the total, and the failures: a file below `perFile`, a file with
 * mutants no test reached, a mutant not run (Pending), and, when `full`, the total below `overall`.
 */
export function summarise(results: readonly MutantOutcome[], thresholds: Thresholds, full: boolean): Verdict {
  const byFile = new Map<string, FileRow>();
  const total = emptyRow('all files');
  for (const r of results) {
    let row = byFile.get(r.fileName);
    if (!row) byFile.set(r.fileName, (row = emptyRow(r.fileName)));
    count(row, r.status);
    count(total, r.status);
  }
  const rows = [...byFile.values()].sort((a, b) => a.file.localeCompare(b.file));
  for (const row of [...rows, total]) row.score = score(row);
  const failures: string[] = [];
  for (const row of rows) {
    if (row.score !== null && row.score < thresholds.perFile) failures.push(`${row.file}: ${fmtScore(row.score)} is below ${thresholds.perFile}%`);
    if (row.noCoverage > 0) failures.push(`${row.file}: ${row.noCoverage} mutant(s) no test reaches`);
  }
  const pending = results.filter((r) => r.status === 'Pending').length;
  if (pending > 0) failures.push(`${pending} mutant(s) were not run`);
  if (full && total.score !== null && total.score < thresholds.overall) failures.push(`overall ${fmtScore(total.score)} is below ${thresholds.overall}%`);
  return { rows, total, failures };
}

const fmtScore = (s: number | null): string => (s === null ? 'n/a' : `${(Math.floor(s * 100) / 100).toFixed(2)}%`);

/** The table `npm run mutation` prints: one line per file, then the total. */
export function formatTable(v: Verdict): string {
  const head = ['file', 'score', 'killed', 'survived', 'no cov', 'timeout', 'equiv', 'errors'];
  const line = (r: FileRow) => [r.file, fmtScore(r.score), r.killed, r.survived, r.noCoverage, r.timeout, r.equivalent, r.errors].map(String);
  const body = [...v.rows.map(line), line(v.total)];
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((cells) => cells[i]!.length)));
  const fmt = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  const rule = widths.map((w) => '-'.repeat(w)).join('  ');
  const rows = body.map(fmt);
  return [fmt(head), rule, ...rows.slice(0, -1), rule, rows.at(-1)!].join('\n');
}

/** A glob of Stryker's `mutate` list as a RegExp: `**` any path, `*` and `?` within one segment. */
function globToRegExp(glob: string): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '*' && glob[i + 1] === '*') {
      re += '.*';
      i++;
      if (glob[i + 1] === '/') i++;
    } else if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else re += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

/** The files (repository-relative) that the `mutate` patterns select: a positive match and no `!` match. */
export function inMutateSet(files: readonly string[], patterns: readonly string[]): string[] {
  const include = patterns.filter((p) => !p.startsWith('!')).map(globToRegExp);
  const exclude = patterns.filter((p) => p.startsWith('!')).map((p) => globToRegExp(p.slice(1)));
  return files.filter((f) => include.some((re) => re.test(f)) && !exclude.some((re) => re.test(f)));
}
