/**
 * `loadReportFromFiles`: which files go where (summary for the figures, per-request files for
 * the charts), what is refused, and that names from the samples are shown as text, never markup.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadReportFromFiles } from '../../src/load/report-files.ts';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../..');
const FIX = join(ROOT, 'test/fixtures/k6/samples');
const SUMMARY = join(ROOT, 'test/fixtures/k6/steady.summary-export.json');
const dir = mkdtempSync(join(tmpdir(), 'canary-report-files-'));
const write = (name: string, text: string) => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};

describe('load report from files', () => {
  it('takes the figures and verdict from a summary and the charts from the per-request file beside it', async () => {
    const r = await loadReportFromFiles([SUMMARY, join(FIX, 'steady-part-b.json.gz')]);
    expect(r.passed).toBe(true); // the summary's verdict, not the samples' (which fail the error rate)
    expect(r.html).toContain('9 of 9 thresholds met');
    expect(r.html).toContain('aria-label="Request rate over time"');
    expect(r.html).toContain('end-of-test summary and its per-request output');
  });

  it('without per-request output, renders the summary alone, with no charts over time', async () => {
    const r = await loadReportFromFiles([SUMMARY]);
    expect(r.html).not.toContain('Over time');
    expect(r.sampleFiles).toBe(0);
  });

  it('ignores an empty per-request file beside a summary (k6 stopped before a sample) with a note', async () => {
    const r = await loadReportFromFiles([SUMMARY, write('empty.json', '')]);
    expect(r.html).toContain('Empty, ignored');
    await expect(loadReportFromFiles([write('empty2.json', '')])).rejects.toThrow(/no k6 samples/);
  });

  it('names parts after their files when they carry no instance tag, apart even when the names match', async () => {
    const text = readFileSync(join(FIX, 'steady-part-a.json'), 'utf8').replaceAll(',"instance":"part-a"', '').replaceAll('{"instance":"part-a"}', 'null');
    const a = write('a-part.json', text);
    mkdtempSync(join(dir, 'x'));
    const sub = mkdtempSync(join(dir, 'run2-'));
    const b = join(sub, 'a-part.json');
    writeFileSync(b, text);
    const r = await loadReportFromFiles([a, b]);
    expect(r.instances).toEqual(['a-part', 'a-part (2)']);
    expect(r.html).toContain('Merged from 2 k6 instances');
  });

  it('shows hostile tag values and metric names from the samples as text', async () => {
    const PWN = '<script>window.__pwned=1</script>';
    const lines = [
      '{"type":"Metric","data":{"name":"claude_errors","type":"counter","contains":"default","thresholds":[],"submetrics":null},"metric":"claude_errors"}',
      `{"metric":"claude_errors","type":"Point","data":{"time":"2026-12-07T02:00:00.5Z","value":1,"tags":{"kind":${JSON.stringify(PWN)},"instance":${JSON.stringify(`"><img src=x onerror=alert(1)>`)}}}}`,
      `{"metric":"http_reqs","type":"Point","data":{"time":"2026-12-07T02:00:00.5Z","value":1,"tags":{"status":${JSON.stringify(PWN)}}}}`,
      `{"metric":${JSON.stringify(PWN)},"type":"Point","data":{"time":"2026-12-07T02:00:01.5Z","value":1,"tags":null}}`,
    ];
    const r = await loadReportFromFiles([write('hostile.json', lines.join('\n'))]);
    expect(r.html).not.toContain('<script>window');
    expect(r.html).not.toContain('<img src=x');
    expect(r.html).toContain('&lt;script&gt;window.__pwned=1&lt;/script&gt;');
  });

  it('refuses two end-of-test summaries and a file that is no k6 output', async () => {
    await expect(loadReportFromFiles([SUMMARY, SUMMARY])).rejects.toThrow(/two end-of-test summaries/);
    await expect(loadReportFromFiles([write('x.json', '{"hello":1}')])).rejects.toThrow(/not a k6 summary/);
    await expect(loadReportFromFiles([write('y.txt', 'hello\nworld')])).rejects.toThrow(/neither k6 per-request output nor a JSON summary/);
    await expect(loadReportFromFiles([])).rejects.toThrow(/no k6 output given/);
  });
});
