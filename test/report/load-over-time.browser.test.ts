/**
 * The load report over time, in a real browser: two parallel k6 outputs of one test (part-a as
 * JSON, part-b gzip'd, written in different time zones) merged into one report, opened in headless
 * Chromium, with assertions on what the charts draw.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadReportFromFiles } from '../../src/load/report-files.ts';
import { launchBrowser, type OpenedPage, type ReportBrowser } from './browser.ts';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../..');
const FIX = join(ROOT, 'test/fixtures/k6/samples');
const SHOTS = join(ROOT, 'reports', 'screenshots');

let browser: ReportBrowser;
let opened: OpenedPage;
let page: Page;

beforeAll(async () => {
  const { html } = await loadReportFromFiles([join(FIX, 'steady-part-a.json'), join(FIX, 'steady-part-b.json.gz')], { generatedAt: Date.parse('2026-12-07T03:00:00Z') });
  const file = join(mkdtempSync(join(tmpdir(), 'canary-load-time-')), 'load.html');
  writeFileSync(file, html);
  browser = await launchBrowser();
  opened = await browser.open(file);
  page = opened.page;
});
afterAll(async () => {
  await browser?.close();
});

/** The marker tooltips of one chart, as { series, x label, y label }. */
async function points(chart: string): Promise<{ series: string; x: string; y: string }[]> {
  const titles = await page.locator(`figure:has(svg[aria-label="${chart}"]) circle > title`).allTextContents();
  return titles.map((t) => {
    const m = /^(.*): (\S+) → (.*)$/.exec(t)!;
    return { series: m[1]!, x: m[2]!, y: m[3]! };
  });
}

describe('load report over time, two k6 instances merged', () => {
  it('draws the four time-series charts with axes, units and legends, and nothing leaves the page', async () => {
    const section = page.locator('section', { has: page.locator('h2', { hasText: 'Over time' }) });
    await expect(section.locator('p.note').innerText()).resolves.toContain('Merged from 2 k6 instances (part-a, part-b)');
    for (const name of ['Latency percentiles over time', 'Request rate over time', 'Errors by kind over time', 'HTTP failures by status over time', 'Virtual users over time']) {
      const svg = section.locator(`svg[aria-label="${name}"]`);
      await expect(svg.count()).resolves.toBe(1);
      // Readable: drawn at least 400 px wide at a desktop width.
      expect((await svg.boundingBox())!.width).toBeGreaterThan(400);
    }
    const rate = section.locator('figure:has(svg[aria-label="Request rate over time"])');
    const rateText = await rate.locator('svg > text').allTextContents();
    expect(rateText).toContain('requests per second');
    expect(rateText.some((t) => t.startsWith('time since start (1 s slots, first at 02:00:00 UTC)'))).toBe(true);
    expect(await rate.locator('svg text').allTextContents()).toEqual(expect.arrayContaining(['0/s', '6/s', '0:00', '0:05']));
    await expect(rate.locator('.legend li').allInnerTexts()).resolves.toEqual(['all instances', 'part-a', 'part-b']);
    const latencyAxis = await section.locator('svg[aria-label="Latency percentiles over time"] text').allTextContents();
    expect(latencyAxis).toEqual(expect.arrayContaining(['request duration', '0 ms', 'p95 SLO p(95)<2500', 'p99 SLO p(99)<5000']));
    expect(latencyAxis.some((t) => t.includes('15000'))).toBe(false);
    expect(opened.consoleErrors).toEqual([]);
    expect(opened.cspViolations).toEqual([]);
    expect(opened.externalRequests).toEqual([]);
    mkdirSync(SHOTS, { recursive: true });
    await section.screenshot({ path: join(SHOTS, 'load-over-time.png') });
  });

  it('the merged request rate is the sum of the instances at every point, six points per line', async () => {
    const pts = await points('Request rate over time');
    const by = (s: string) => pts.filter((p) => p.series === s);
    expect(by('all instances').map((p) => p.x)).toEqual(['0:00', '0:01', '0:02', '0:03', '0:04', '0:05']);
    for (const s of ['part-a', 'part-b']) expect(by(s)).toHaveLength(6);
    const num = (y: string) => Number(y.replace('/s', ''));
    for (const p of by('all instances')) {
      const a = by('part-a').find((q) => q.x === p.x)!;
      const b = by('part-b').find((q) => q.x === p.x)!;
      expect(num(p.y)).toBe(num(a.y) + num(b.y));
      expect([num(a.y), num(b.y), num(p.y)]).toEqual([2, 4, 6]);
    }
    // Each line is one path through its six points.
    const paths = await page.locator('svg[aria-label="Request rate over time"] path').evaluateAll((els) => els.map((e) => (e.getAttribute('d') ?? '').match(/[ML]/g)?.length ?? 0));
    expect(paths).toEqual([6, 6, 6]);
  });

  it('VUs add up over instances and latency percentiles come from the merged histograms', async () => {
    const vus = (await points('Virtual users over time')).filter((p) => p.series === 'all instances').map((p) => p.y);
    expect(vus).toEqual(['2', '4', '5', '6', '6', '6']);
    const p99 = (await points('Latency percentiles over time')).find((p) => p.series === 'p99' && p.x === '0:04')!;
    // part-b's 3 s timeout falls in this slot: the merged p99 shows it (an average of the parts' p99s would not).
    expect(p99.y).toBe('2.89 s');
  });

  it('stacks errors by kind per slot: the 429 burst, then the timeout', async () => {
    const bars = await page.locator('svg[aria-label="Errors by kind over time"] rect > title').allTextContents();
    expect(bars).toEqual(['0:02 · rate_limited: 2/s', '0:03 · rate_limited: 2/s', '0:04 · timeout: 1/s']);
    const http = await page.locator('svg[aria-label="HTTP failures by status over time"] rect > title').allTextContents();
    expect(http).toEqual(['0:02 · HTTP 429: 2/s', '0:03 · HTTP 429: 2/s', '0:04 · error_code 1050: 1/s']);
  });

  it('judges the whole merged run: 36 requests, the error-rate SLO failed, and a table per slot', async () => {
    await expect(page.locator('header .badge').innerText()).resolves.toBe('FAIL');
    const text = await page.locator('body').innerText();
    expect(text).toContain('36');
    expect(text).toContain('k6 per-request output (--out json / csv)');
    const slos = await page.locator('section', { hasText: 'Thresholds (SLOs)' }).locator('tbody tr').allInnerTexts();
    expect(slos).toContainEqual(expect.stringMatching(/^FAIL\s+claude_api_errors\s+rate<0\.01\s+13\.89%$/));
    expect(slos).toContainEqual(expect.stringMatching(/^PASS\s+http_req_duration\s+p\(95\)<2500\s+/));
    const rows = page.locator('section', { has: page.locator('h2', { hasText: 'Over time' }) }).locator('details tbody tr');
    await expect(rows.count()).resolves.toBe(6);
    // Inside a closed <details>: read the cells' text.
    expect((await rows.nth(4).locator('td').allTextContents()).slice(0, 3)).toEqual(['0:04', '6', '6.0/s']);
  });
});
