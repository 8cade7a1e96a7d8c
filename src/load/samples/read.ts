/**
 * Reading k6 output files: which kind a file is (per-request JSON or CSV samples, or an
 * end-of-test summary), and streaming a samples file into a `LoadSeries`.
 */
import { basename } from 'node:path';
import { forEachLine, firstLine } from './lines.ts';
import { CsvFeeder } from './parse-csv.ts';
import { feedJsonLine } from './parse-json.ts';
import { LoadSeries } from './series.ts';

/** What a k6 output file holds. */
export type K6FileKind = 'json-samples' | 'csv-samples' | 'summary' | 'empty';

/** Tells k6's JSON output, CSV output and an end-of-test summary apart from the first line. */
export async function detectK6File(path: string): Promise<K6FileKind> {
  const line = (await firstLine(path))?.trim() ?? '';
  if (line === '') return 'empty';
  if (line.startsWith('metric_name,')) return 'csv-samples';
  if (line.startsWith('{') && line.endsWith('}')) {
    try {
      const o = JSON.parse(line) as { type?: unknown };
      if (o.type === 'Metric' || o.type === 'Point') return 'json-samples';
    } catch {
      // a pretty-printed summary's first line is "{" alone; a one-line summary is not a sample
    }
  }
  return 'summary';
}

/** Options for `readK6Samples`. */
export interface ReadSamplesOptions {
  /** Instance name for samples without an `instance` tag. Default: the file name. */
  instance?: string;
}

/**
 * Streams one k6 JSON or CSV output file (gzip'd or not) into a new series, line by line.
 *
 * @example
 * const part = await readK6Samples('reports/load-samples.part1.json.gz');
 */
export async function readK6Samples(path: string, opts: ReadSamplesOptions = {}): Promise<LoadSeries> {
  const kind = await detectK6File(path);
  if (kind === 'summary' || kind === 'empty') throw new Error(`${path} is not k6 JSON or CSV output (--out json=... or --out csv=...)`);
  const series = new LoadSeries(opts.instance ?? basename(path).replace(/\.(json|csv)?(\.gz)?$/, ''));
  series.sources.push(path);
  if (kind === 'json-samples') {
    await forEachLine(path, (line) => {
      feedJsonLine(series, line);
    });
  } else {
    const csv = new CsvFeeder(series);
    await forEachLine(path, (line) => csv.feed(line));
  }
  return series;
}
