/**
 * Reading k6's per-request output: the documentation's own example lines, the fixture files
 * (JSON, gzip'd JSON, CSV: see test/fixtures/k6/samples/SOURCE.md), and what is not k6 output.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { detectK6File, readK6Samples } from '../../src/load/samples/read.ts';
import { splitCsv } from '../../src/load/samples/parse-csv.ts';
import { parseCsvTime, parseRfc3339 } from '../../src/load/samples/time.ts';
import { toSummary } from '../../src/load/samples/to-summary.ts';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../..');
const FIX = join(ROOT, 'test/fixtures/k6/samples');
const dir = mkdtempSync(join(tmpdir(), 'canary-k6-samples-'));
const write = (name: string, text: string | Buffer) => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};

/** Verbatim from https://grafana.com/docs/k6/latest/results-output/real-time/json/ ("JSON format"). */
const DOC_LINES = `{"type":"Metric","data":{"type":"gauge","contains":"default","tainted":null,"thresholds":[],"submetrics":null},"metric":"vus"}
{"type":"Point","data":{"time":"2017-05-09T14:34:45.625742514+02:00","value":5,"tags":null},"metric":"vus"}
{"type":"Metric","data":{"type":"trend","contains":"time","tainted":null,"thresholds":["avg<1000"],"submetrics":null},"metric":"http_req_duration"}
{"type":"Point","data":{"time":"2017-05-09T14:34:45.239531499+02:00","value":459.865729,"tags":{"group":"::my group::json","method":"GET","status":"200","url":"https://quickpizza.grafana.com/api/tools"}},"metric":"http_req_duration"}
`;

/** Expected lines of grafana/k6 output/json/json_test.go (a gauge with a sub-metric, a data counter). */
const SOURCE_LINES = `{"type":"Metric","data":{"name":"my_metric1","type":"gauge","contains":"default","thresholds":["rate<0.01","p(99)<250"],"submetrics":[{"name":"my_metric1{a:1,b:2}","suffix":"a:1,b:2","tags":{"a":"1","b":"2"}}]},"metric":"my_metric1"}
{"type":"Point","data":{"time":"2021-02-24T13:37:10Z","value":1,"tags":{"tag1":"val1"}},"metric":"my_metric1"}
{"type":"Point","data":{"time":"2021-02-24T13:37:10Z","value":2,"tags":{"a":"1","b":"2"}},"metric":"my_metric1"}
{"type":"Metric","data":{"name":"my_metric2","type":"counter","contains":"data","thresholds":[],"submetrics":null},"metric":"my_metric2"}
{"type":"Point","data":{"time":"2021-02-24T13:37:20Z","value":3,"tags":{"key":"val"}},"metric":"my_metric2"}
{"type":"Point","data":{"time":"2021-02-24T13:37:30Z","value":5,"tags":{"tag3":"val3","tag4":"val4"}},"metric":"my_metric2"}
`;

describe('k6 JSON output', () => {
  it("reads the documentation's example lines: a vus gauge and an http_req_duration sample in +02:00", async () => {
    const s = await readK6Samples(write('doc.json', DOC_LINES));
    expect(s.samples).toBe(2);
    expect(s.skipped).toBe(0);
    expect(s.declarations.get('http_req_duration')).toMatchObject({ type: 'trend', contains: 'time', thresholds: ['avg<1000'] });
    expect(s.totals.get('http_req_duration')!.histogram!.max).toBe(459.865729);
    expect(s.firstMs).toBeCloseTo(Date.UTC(2017, 4, 9, 12, 34, 45, 239) + 0.531499, 3);
    const sum = toSummary(s);
    expect(sum.metrics.get('vus')!.values.value).toBe(5);
    expect(sum.thresholds).toEqual([{ metric: 'http_req_duration', expression: 'avg<1000', ok: true }]);
  });

  it("reads k6's own writer output (its test's expected lines): sub-metrics and counters", async () => {
    const s = await readK6Samples(write('source.json', SOURCE_LINES));
    expect(s.samples).toBe(4);
    const sum = toSummary(s);
    expect(sum.metrics.get('my_metric2')!.values.count).toBe(8);
    // The sample tagged a:1,b:2 also counts in the declared sub-metric.
    expect(sum.metrics.get('my_metric1{a:1,b:2}')).toMatchObject({ base: 'my_metric1', tags: { a: '1', b: '2' }, values: { value: 2 } });
  });

  it('reads a sample with metadata (vu and iter as non-indexable system tags) like any other', async () => {
    const line = '{"metric":"http_reqs","type":"Point","data":{"time":"2026-12-07T02:00:01.25Z","value":1,"tags":{"status":"200","instance":"p1"},"metadata":{"vu":"3","iter":"17"}}}';
    const s = await readK6Samples(write('meta.json', `${line}\n`));
    expect(s.skipped).toBe(0);
    expect(s.buckets.get(Date.UTC(2026, 11, 7, 2, 0, 1))!.requests).toBe(1);
  });

  it('reads the gzip\u2019d part and its gunzipped bytes to the same series', async () => {
    const gz = join(FIX, 'steady-part-b.json.gz');
    const plain = write('part-b.json', gunzipSync(readFileSync(gz)));
    const a = await readK6Samples(gz, { instance: 'x' });
    const b = await readK6Samples(plain, { instance: 'x' });
    expect(a.samples).toBeGreaterThan(500);
    expect(a.samples).toBe(b.samples);
    expect(toSummary(a).metrics.get('http_reqs')!.values.count).toBe(24);
    expect([...a.buckets.keys()]).toEqual([...b.buckets.keys()]);
    expect(await detectK6File(gz)).toBe('json-samples');
  });

  it('counts the scripts\u2019 custom metrics, tags and failures from the fixture part', async () => {
    const s = await readK6Samples(join(FIX, 'steady-part-b.json.gz'));
    expect([...s.instances]).toEqual(['part-b']);
    const m = toSummary(s).metrics;
    expect(m.get('claude_errors{kind:rate_limited}')!.values.count).toBe(4);
    expect(m.get('claude_errors{kind:timeout}')!.values.count).toBe(1);
    expect(m.get('http_req_failed')!.values).toMatchObject({ passes: 5, fails: 19 });
    expect(m.get('claude_faults_injected{fault:none}')!.values.count).toBe(24);
    const failures = new Map<string, number>();
    for (const b of s.buckets.values()) for (const [k, v] of b.httpFailures) failures.set(k, (failures.get(k) ?? 0) + v);
    expect(Object.fromEntries(failures)).toEqual({ 'HTTP 429': 4, 'error_code 1050': 1 });
    expect(m.get('claude_ttft_ms')!.values.count).toBeGreaterThan(0);
    expect(toSummary(s).checks.find((c) => c.name === 'status is 200')).toEqual({ name: 'status is 200', passes: 19, fails: 5 });
  });

  it('skips and counts lines that are not k6 samples (a truncated last line after a crash), keeping the rest', async () => {
    const text = readFileSync(join(FIX, 'steady-part-a.json'), 'utf8');
    const p = write('truncated.json', `${text}{"metric":"http_reqs","type":"Point","data":{"time":"2026-12`);
    const s = await readK6Samples(p);
    expect(s.skipped).toBe(1);
    expect(s.skippedExamples[0]).toContain('"metric":"http_reqs"');
    expect(toSummary(s).metrics.get('http_reqs')!.values.count).toBe(12);
  });

  it.runIf(existsSync('/proc/self/fd'))('closes the file after reading only the first line of a gzip\u2019d part', async () => {
    const open = () => readdirSync('/proc/self/fd').length;
    const before = open();
    for (let i = 0; i < 20; i++) await detectK6File(join(FIX, 'steady-part-b.json.gz'));
    await new Promise((r) => setTimeout(r, 100));
    expect(open()).toBeLessThan(before + 5);
  });

  it('refuses a file that is not per-request output', async () => {
    await expect(readK6Samples(join(ROOT, 'test/fixtures/k6/steady.summary-export.json'))).rejects.toThrow(/not k6 JSON or CSV output/);
    expect(await detectK6File(join(ROOT, 'test/fixtures/k6/steady.summary-export.json'))).toBe('summary');
    expect(await detectK6File(write('empty.json', ''))).toBe('empty');
  });
});

describe('k6 CSV output', () => {
  it('gives the same totals as the JSON output of the same samples', async () => {
    const json = toSummary(await readK6Samples(join(FIX, 'steady-part-a.json')));
    const csv = toSummary(await readK6Samples(join(FIX, 'steady-part-a.csv')));
    for (const name of ['http_reqs', 'iterations', 'data_received', 'claude_output_tokens']) expect(csv.metrics.get(name)!.values.count).toBe(json.metrics.get(name)!.values.count);
    const jd = json.metrics.get('http_req_duration')!.values;
    const cd = csv.metrics.get('http_req_duration')!.values;
    for (const k of ['p(95)', 'p(99)', 'med', 'max']) expect(cd[k]).toBeCloseTo(jd[k]!, 4);
    expect(csv.checks).toEqual(json.checks);
    expect(await detectK6File(join(FIX, 'steady-part-a.csv'))).toBe('csv-samples');
  });

  it('reads quoted cells, extra tags, RFC 3339 times and gzip', async () => {
    const csv = `metric_name,timestamp,metric_value,check,error,error_code,group,method,name,proto,scenario,status,subproto,tls_version,url,extra_tags,metadata
http_reqs,2026-12-07T02:00:01Z,1.000000,,,,,POST,"a, ""quoted"" name",HTTP/1.1,default,200,,,"http://x/?a=1,2",instance=p1&kind=timeout,
http_req_duration,2026-12-07T02:00:01Z,250.500000,,,,,POST,n,HTTP/1.1,default,200,,,http://x/,instance=p1,
`;
    const s = await readK6Samples(write('q.csv.gz', gzipSync(csv)));
    expect(s.skipped).toBe(0);
    expect([...s.instances]).toEqual(['p1']);
    expect(s.totals.get('http_reqs')!.count).toBe(1);
    expect(s.firstMs).toBe(Date.UTC(2026, 11, 7, 2, 0, 1));
    expect(splitCsv('a,"b, ""c""",d')).toEqual(['a', 'b, "c"', 'd']);
  });
});

describe('timestamps', () => {
  it.each([
    ['2026-12-07T03:00:04.158669523+01:00', Date.UTC(2026, 11, 7, 2, 0, 4) + 158.669523],
    ['2026-12-07T02:00:04Z', Date.UTC(2026, 11, 7, 2, 0, 4)],
    ['2026-12-07T02:00:04.5Z', Date.UTC(2026, 11, 7, 2, 0, 4, 500)],
    ['2026-12-06T21:00:04.25-05:00', Date.UTC(2026, 11, 7, 2, 0, 4, 250)],
  ])('RFC 3339 %s', (s, ms) => {
    expect(parseRfc3339(s)).toBeCloseTo(ms, 3);
  });

  it.each([
    ['1796608804', 1796608804000],
    ['1796608804123', 1796608804123],
    ['1796608804123456', 1796608804123.456],
    ['1796608804123456789', 1796608804123.4568],
  ])('CSV unix time %s', (s, ms) => {
    expect(parseCsvTime(s)).toBeCloseTo(ms, 0);
  });
});
