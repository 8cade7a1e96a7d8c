/**
 * The load report from files: an end-of-test summary, any number of per-request outputs (k6
 * `--out json=` or `--out csv=`, gzip'd or not, one per parallel instance), or both. Sample files
 * are streamed one at a time and merged; without a summary, the tiles and thresholds are computed
 * from the merged samples.
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { isGzip } from './samples/lines.ts';
import { renderLoadReport } from './report.ts';
import { detectK6File, readK6Samples } from './samples/read.ts';
import { mergeSeries } from './samples/merge.ts';
import type { LoadSeries } from './samples/series.ts';
import { toSummary } from './samples/to-summary.ts';
import { parseK6Summary, SummaryFormatError, type LoadSummary } from './summary.ts';
import { timeView } from './time-view.ts';

/** A file that cannot be used, with the reason; `usage` errors in the CLI. */
export class LoadInputError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'LoadInputError';
  }
}

export interface LoadReportResult {
  html: string;
  passed: boolean | null;
  /** How many per-request files were merged, and how many instances they held. */
  sampleFiles: number;
  instances: string[];
}

function readSummaryFile(path: string): LoadSummary {
  let data: unknown;
  try {
    const bytes = readFileSync(path);
    data = JSON.parse((isGzip(path) ? gunzipSync(bytes) : bytes).toString('utf8'));
  } catch (err) {
    throw new LoadInputError(`${path} is neither k6 per-request output nor a JSON summary: ${(err as Error).message}`, { cause: err });
  }
  try {
    return parseK6Summary(data);
  } catch (err) {
    if (err instanceof SummaryFormatError) throw new LoadInputError(`${path}: ${err.message}`, { cause: err });
    throw err;
  }
}

/**
 * Builds the load report from k6 output files (kind detected from the content).
 *
 * @example
 * const { html } = await loadReportFromFiles(['part1.json.gz', 'part2.json.gz']);
 */
export async function loadReportFromFiles(files: readonly string[], opts: { title?: string; generatedAt?: number } = {}): Promise<LoadReportResult> {
  if (files.length === 0) throw new LoadInputError('no k6 output given: pass a summary JSON and/or one or more --out json / csv files');
  let summary: LoadSummary | null = null;
  let summaryPath: string | null = null;
  const parts: LoadSeries[] = [];
  const empty: string[] = [];
  const names = new Set<string>();
  for (const f of files) {
    let kind;
    try {
      kind = await detectK6File(f);
    } catch (err) {
      throw new LoadInputError(`cannot read ${f}: ${(err as Error).message}`, { cause: err });
    }
    if (kind === 'empty') {
      empty.push(f);
      continue;
    }
    if (kind === 'summary') {
      if (summaryPath) throw new LoadInputError(`two end-of-test summaries (${summaryPath}, ${f}): summaries of parallel instances cannot be merged (their percentiles do not add up); pass the instances' --out json files instead`);
      summary = readSummaryFile(f);
      summaryPath = f;
    } else {
      // Parts without an instance tag are named after their file; the same name twice gets a number.
      let name = basename(f).replace(/\.(json|csv)?(\.gz)?$/, '');
      if (names.has(name)) name = `${name} (${names.size + 1})`;
      names.add(name);
      parts.push(await readK6Samples(f, { instance: name }));
    }
  }
  const merged = parts.length ? mergeSeries(parts) : null;
  if (!summary && (!merged || merged.samples === 0)) throw new LoadInputError(`no k6 samples in ${files.join(', ')}`);
  // Beside a summary, per-request files without samples (k6 stopped early) only earn a note.
  const series = merged && merged.samples > 0 ? merged : null;
  const fromSamples = series && !summary ? toSummary(series) : null;
  const used = summary ?? fromSamples!;
  const notes: string[] = [];
  if (empty.length) notes.push(`Empty, ignored: ${empty.join(', ')}.`);
  if (merged && !series) notes.push(`No samples in ${merged.sources.join(', ')}: no charts over time.`);
  if (series?.skipped) notes.push(`${series.skipped} lines were not k6 samples and were skipped, e.g. ${series.skippedExamples.map((e) => JSON.stringify(e)).join(', ')}`);
  if (fromSamples?.unevaluated.length) notes.push(`Not evaluated on the merged samples: ${fromSamples.unevaluated.map((u) => `${u.metric} ${u.expression}`).join(', ')}.`);
  if (fromSamples) notes.push('Thresholds are evaluated again on the merged samples (percentiles within ±1%); k6 declares thresholds on tagged sub-metrics nowhere in its JSON output, so those are not listed.');
  const sources = [...(summaryPath ? [summaryPath] : []), ...(series?.sources ?? [])];
  const overTime = series ? timeView(series) : null;
  const html = renderLoadReport(used, {
    ...opts,
    source: sources.join(', '),
    ...(overTime ? { overTime } : {}),
    notes,
  });
  return { html, passed: used.passed, sampleFiles: parts.length, instances: series ? [...series.instances].sort() : [] };
}
