/**
 * k6's CSV output (`k6 run --out csv=file`, or `csv=file.gz`): a header
 *   metric_name,timestamp,metric_value,check,error,error_code,expected_response,group,method,name,proto,scenario,service,status,subproto,tls_version,url,extra_tags,metadata
 * (the system tags in between are the enabled ones, sorted), then one row per sample. Tags outside
 * the columns (our `kind`, `fault`, `instance`) are in `extra_tags` as `k=v&k2=v2`
 * (https://grafana.com/docs/k6/latest/results-output/real-time/csv/; output/csv/output.go).
 * CSV has no metric declarations, so types come from the metric names and thresholds are unknown.
 */
import type { LoadSeries } from './series.ts';
import { parseCsvTime } from './time.ts';

/** Splits one CSV record (RFC 4180 quoting, as Go's encoding/csv writes it). */
export function splitCsv(line: string): string[] {
  if (!line.includes('"')) return line.split(',');
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quoted) {
      if (c === '"') {
        if (line[i + 1] === '"') {
          cur += '"';
          i++;
        } else quoted = false;
      } else cur += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      out.push(cur);
      cur = '';
    } else cur += c;
  }
  out.push(cur);
  return out;
}

/** True when an unfinished quoted field runs past the end of this physical line. */
export function openQuote(line: string): boolean {
  let n = 0;
  for (let i = 0; i < line.length; i++) if (line.charCodeAt(i) === 34) n++;
  return n % 2 === 1;
}

/** A CSV reader bound to one file's header. */
export class CsvFeeder {
  private header: string[] | null = null;
  private pending = '';

  constructor(private readonly series: LoadSeries) {}

  /** Feeds one physical line; joins lines of a quoted field that spans several. */
  feed(physical: string): void {
    const line = this.pending ? `${this.pending}\n${physical}` : physical;
    if (openQuote(line)) {
      this.pending = line;
      return;
    }
    this.pending = '';
    if (line.length === 0) return;
    const cells = splitCsv(line);
    if (!this.header) {
      if (cells[0] !== 'metric_name' || cells[1] !== 'timestamp' || cells[2] !== 'metric_value') {
        this.series.skip(line);
        return;
      }
      this.header = cells;
      return;
    }
    const h = this.header;
    const time = parseCsvTime(cells[1] ?? '');
    const value = Number(cells[2]);
    if (cells.length !== h.length || !cells[0] || !Number.isFinite(time) || cells[2] === '' || !Number.isFinite(value)) {
      this.series.skip(line);
      return;
    }
    const tags: Record<string, string> = {};
    for (let i = 3; i < h.length; i++) {
      const name = h[i]!;
      const v = cells[i]!;
      if (v === '') continue;
      if (name === 'extra_tags') {
        for (const kv of v.split('&')) {
          const eq = kv.indexOf('=');
          if (eq > 0) tags[kv.slice(0, eq)] = kv.slice(eq + 1);
        }
      } else if (name !== 'metadata') tags[name] = v;
    }
    this.series.add({ metric: cells[0], time, value, tags });
  }
}
