/**
 * The load report in a real browser: render from the k6 fixtures, open the file in headless
 * Chromium, check the key figures a reader needs, keep a screenshot, and prove that hostile
 * strings in a summary (metric names, tags, check names) never run.
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderLoadReport } from '../../src/load/report.ts';
import { parseK6Summary } from '../../src/load/summary.ts';
import { launchBrowser, type ReportBrowser } from './browser.ts';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../..');
const SHOTS = join(ROOT, 'reports', 'screenshots');
const fixture = (name: string): Record<string, unknown> => JSON.parse(readFileSync(join(ROOT, 'test/fixtures/k6', name), 'utf8')) as Record<string, unknown>;
const PWN = '<script>window.__pwned=1</script>';
const IMG = '"><img src=x onerror="window.__pwned=2">';


let browser: ReportBrowser;
const dir = mkdtempSync(join(tmpdir(), 'canary-load-report-'));
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

function write(name: string, summary: unknown, source = 'test/fixtures/k6'): string {
  const file = join(dir, name);
  writeFileSync(file, renderLoadReport(parseK6Summary(summary), { source, generatedAt: Date.parse('2026-11-29T18:00:00Z') }));
  return file;
}

describe('load report in Chromium', () => {
  it('shows the steady run figures (summary-export fixture), with no console errors or network requests', async () => {
    const { page, consoleErrors, externalRequests, cspViolations } = await browser.open(write('steady.html', fixture('steady.summary-export.json'), 'test/fixtures/k6/steady.summary-export.json'));
    const text = await page.locator('body').innerText();
    for (const figure of ['PASS', '9 of 9 thresholds met', '2,400', '19.9/s', '1.84 s', '2.41 s', '969 ms', '1.16 s', '45,600', '248,316', '$1.29', '$0.54 per 1,000 requests', 'No faults were injected']) {
      expect(text).toContain(figure);
    }
    expect(await page.locator('svg[role="img"]').count()).toBeGreaterThanOrEqual(2);
    mkdirSync(SHOTS, { recursive: true });
    await page.screenshot({ path: join(SHOTS, 'load.png'), fullPage: true });
    expect(consoleErrors).toEqual([]);
    expect(cspViolations).toEqual([]);
    expect(externalRequests).toEqual([]);
  });

  it('lines up injected and observed fault shares (handleSummary fixture)', async () => {
    const { page, consoleErrors } = await browser.open(write('soak.html', fixture('soak-faults.handle-summary.json'), 'test/fixtures/k6/soak-faults.handle-summary.json'));
    const faults = page.locator('section', { hasText: 'Faults: injected vs observed' });
    const row = await faults.locator('tbody tr', { hasText: 'rate_limit' }).first().innerText();
    expect(row).toMatch(/rate_limit\s+306\s+5\.1%\s+rate_limited\s+5\.1%\s+100%/);
    const text = await page.locator('body').innerText();
    for (const figure of ['6,000', '15.12%', 'malformed_response', 'stream_interrupted', '$2.72', '1.12 s']) expect(text).toContain(figure);
    await page.screenshot({ path: join(SHOTS, 'load-faults.png'), fullPage: true });
    expect(consoleErrors).toEqual([]);
  });

  it('a failed threshold turns the verdict red and is listed first', async () => {
    const s = fixture('steady.summary-export.json') as { metrics: Record<string, { thresholds?: Record<string, boolean> }> };
    s.metrics.http_req_duration!.thresholds!['p(95)<2500'] = true; // summary-export: true means FAILED
    const { page } = await browser.open(write('failed.html', s));
    await expect(page.locator('header .badge').innerText()).resolves.toBe('FAIL');
    const first = await page.locator('section', { hasText: 'Thresholds (SLOs)' }).locator('tbody tr').first().innerText();
    expect(first).toMatch(/FAIL\s+http_req_duration\s+p\(95\)<2500\s+1\.84 s/);
    const bg = await page.locator('header .badge').evaluate((el) => getComputedStyle(el).backgroundColor);
    expect(bg).toBe('rgb(207, 34, 46)');
  });

  it('never runs script injected through metric names, tags, thresholds or check names', async () => {
    const s = fixture('soak-faults.handle-summary.json') as { metrics: Record<string, unknown>; root_group: { checks: { name: string }[] } };
    s.metrics[`claude_errors{kind:${PWN}}`] = { type: 'counter', contains: 'default', values: { count: 7, rate: 0.1 }, thresholds: { [`count<${IMG}`]: { ok: false } } };
    s.metrics[`claude_faults_injected{fault:${PWN}}`] = { type: 'counter', contains: 'default', values: { count: 3, rate: 0.01 } };
    s.metrics[IMG] = { type: 'trend', contains: 'time', values: { avg: 1, 'p(95)': 2 } };
    s.root_group.checks.push({ name: `${PWN}${IMG}`, passes: 1, fails: 1 } as never);
    const file = write('hostile.html', s);
    const { page, consoleErrors, externalRequests } = await browser.open(file);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned)).toBeUndefined();
    expect(await page.locator('script').count()).toBe(0);
    expect(await page.locator('img').count()).toBe(0);
    // The hostile names are shown, as text.
    const text = await page.locator('body').innerText();
    expect(text).toContain(PWN);
    expect(text).toContain(IMG);
    expect(consoleErrors).toEqual([]);
    expect(externalRequests).toEqual([]);
  });
});
